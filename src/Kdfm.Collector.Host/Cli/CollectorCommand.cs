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
        };
        return root;
    }

    public static Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return Create(output, error).Parse(NetSnmpArguments.Normalize(args)).InvokeAsync(configuration);
    }
}
