using System.CommandLine;

namespace Kdfm.Collector.Host.Cli;

/// <summary>The <c>kdfm-collector</c> command line: one sub-command per file of this folder.</summary>
internal static class CollectorCommand
{
    public static RootCommand Create(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("kdfm-collector: the Kdfm data collection agent (SNMP v1/v2c/v3 printer monitoring)")
        {
            GetCommand.Create(output, error),
            WalkCommand.Create(output, error),
            SnapshotCommand.Create(output, error),
            ScanCommand.Create(output, error),
            RunCommand.Create(output, error),
            DevicesCommand.Create(output, error),
            ActivateCommand.Create(output, error),
            StatusCommand.Create(output, error),
            PingCommand.Create(output, error),
        };
        return root;
    }

    /// <summary>
    /// Runs the command line. Cancelling <paramref name="stop"/> (Program's <see cref="Termination"/> on Ctrl+C or
    /// SIGTERM) stops the command: it ends with <see cref="CommandRunner.Interrupted"/>, which becomes
    /// <paramref name="interruptedExitCode"/> (130 or 143 by the signal).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken stop = default, Func<int>? interruptedExitCode = null)
    {
        // Signals are Program's (Termination), not System.CommandLine's: it would end the process without letting scan print.
        var configuration = new InvocationConfiguration { Output = output, Error = error, ProcessTerminationTimeout = null };
        int exit = await Create(output, error).Parse(NetSnmpArguments.Normalize(args)).InvokeAsync(configuration, stop).ConfigureAwait(false);
        return exit == CommandRunner.Interrupted && stop.IsCancellationRequested && interruptedExitCode is not null ? interruptedExitCode() : exit;
    }
}
