using Microsoft.Extensions.Hosting;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The web host's lifetime when kdfm-sim's command line owns the process's signals. The default (ConsoleLifetime)
/// takes SIGTERM and Ctrl+C for itself — it cancels the runtime's own termination and only flags the host — so
/// <c>kill</c> would no longer stop kdfm-sim. Here the command line cancels its run, which disposes the server.
/// </summary>
internal sealed class CommandLineLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
