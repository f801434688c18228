using System.CommandLine;
using Kdfm.Snmp;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Host.Cli;

/// <summary><c>kdfm-collector get [options] HOST[:PORT] OID...</c>, like Net-SNMP's snmpget.</summary>
internal static class GetCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snmp = new SnmpOptions();
        var format = FormatOption.Create();
        var host = new Argument<string>("HOST[:PORT]") { Description = "The agent" };
        var oids = new Argument<string[]>("OID") { Description = "Numeric OIDs to read", Arity = ArgumentArity.OneOrMore };
        var command = new Command("get", "Read the given OIDs (SNMP GET)") { host, oids, format };
        snmp.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var target = snmp.BuildTarget(result, result.GetValue(host)!);
            var requested = result.GetValue(oids)!.Select(CommandRunner.ParseOid).ToList();
            await using var client = new SnmpClient();
            var response = await client.GetAsync(target, requested, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccess)
            {
                return CommandRunner.Fail(error, response.Error!);
            }

            VarBindWriter.Write(output, response.Value.VarBinds, result.GetValue(format));
            return 0;
        }, cancellationToken));
        return command;
    }
}
