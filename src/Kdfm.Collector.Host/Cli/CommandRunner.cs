using Kdfm.Snmp;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Host.Cli;

/// <summary>The boundary of every command: usage errors and SNMP errors become one line on stderr and an exit code.</summary>
internal static class CommandRunner
{
    /// <summary>Exit code of an SNMP failure (timeout, authentication, error-status).</summary>
    public const int SnmpFailure = 1;

    /// <summary>Exit code of a command line that cannot run.</summary>
    public const int UsageFailure = 2;

    /// <summary>
    /// Exit code of a command stopped by Ctrl+C (128 + SIGINT); <see cref="CollectorCommand.InvokeAsync"/> gives 143 instead
    /// when the signal was SIGTERM.
    /// </summary>
    public const int Interrupted = 130;

    /// <summary>Runs a command's body; <paramref name="stop"/> is the command's token (Ctrl+C, SIGTERM).</summary>
    public static async Task<int> RunAsync(TextWriter error, Func<Task<int>> body, CancellationToken stop)
    {
        try
        {
            return await body().ConfigureAwait(false);
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"Usage error: {e.Message}").ConfigureAwait(false);
            return UsageFailure;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await error.WriteLineAsync("interrupted").ConfigureAwait(false);
            return Interrupted;
        }
    }

    public static int Fail(TextWriter error, SnmpError failure)
    {
        error.WriteLine(failure.Describe());
        return SnmpFailure;
    }

    public static Oid ParseOid(string text) =>
        Oid.TryParse(text, out var oid) ? oid : throw new UsageException($"'{text}' is not a numeric OID (e.g. 1.3.6.1.2.1.1.1.0; MIB names are not loaded)");
}
