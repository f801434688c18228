using Microsoft.Extensions.Hosting;

namespace Kdfm.Collector.Hosting;

/// <summary>
/// The lifetime of a host embedded in a command or a test (<see cref="CollectorNode"/>): it takes no process signal. The
/// default console lifetime would take Ctrl+C and SIGTERM for itself and stop only the host, leaving the command that
/// waits on it hanging; the command decides instead (scan prints what it found and exits).
/// </summary>
internal sealed class EmbeddedLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
