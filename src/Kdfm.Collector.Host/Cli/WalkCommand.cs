using System.CommandLine;
using Kdfm.Snmp;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Host.Cli;

/// <summary><c>kdfm-collector walk [options] HOST[:PORT] [OID]</c>, like Net-SNMP's snmpbulkwalk (snmpwalk with -v 1).</summary>
internal static class WalkCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snmp = new SnmpOptions();
        var format = FormatOption.Create();
        var host = new Argument<string>("HOST[:PORT]") { Description = "The agent" };
        var root = new Argument<string>("OID")
        {
            Description = "Subtree to walk (default 1.3.6.1: everything, to record a device)",
            DefaultValueFactory = _ => "1.3.6.1",
        };
        var maxRows = new Option<int>("--max-rows") { Description = "Stop after this many rows", DefaultValueFactory = _ => 100_000 };
        var command = new Command("walk", "Read a subtree (GETBULK, or GETNEXT with -v 1)") { host, root, format, maxRows };
        snmp.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var target = snmp.BuildTarget(result, result.GetValue(host)!);
            var subtree = CommandRunner.ParseOid(result.GetValue(root)!);
            await using var client = new SnmpClient();
            var walk = await client.WalkAsync(target, subtree, new WalkOptions { MaxRows = result.GetValue(maxRows) }, cancellationToken)
                .ConfigureAwait(false);
            if (!walk.IsSuccess)
            {
                return CommandRunner.Fail(error, walk.Error!);
            }

            VarBindWriter.Write(output, walk.Value.Rows, result.GetValue(format));
            if (walk.Value.End == WalkEnd.RowCap)
            {
                await error.WriteLineAsync($"walk stopped at the row cap ({walk.Value.Rows.Length} rows); raise --max-rows for more").ConfigureAwait(false);
            }

            return 0;
        }, cancellationToken));
        return command;
    }
}
