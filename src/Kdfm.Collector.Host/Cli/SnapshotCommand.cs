using System.CommandLine;
using Kdfm.Collector.Polling;
using Kdfm.Printers;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Snmprec;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// <c>kdfm-collector snapshot [snmp options] HOST[:PORT] [--format table|json]</c> reads a live printer;
/// <c>kdfm-collector snapshot --snmprec FILE_OR_DIR... [--format json]</c> reads recorded walks.
/// </summary>
internal static class SnapshotCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var snmp = new SnmpOptions();
        var host = new Argument<string?>("HOST[:PORT]") { Description = "The printer (not with --snmprec)", Arity = ArgumentArity.ZeroOrOne };
        var snmprec = new Option<string[]>("--snmprec") { Description = "Recorded walks (.snmprec files or folders of them)", AllowMultipleArgumentsPerToken = true };
        var format = new Option<SnapshotFormat>("--format")
        {
            Description = "table or json (SNAPSHOT.md)",
            DefaultValueFactory = _ => SnapshotFormat.Table,
            CustomParser = r => r.Tokens.Single().Value.ToLowerInvariant() switch
            {
                "table" => SnapshotFormat.Table,
                "json" => SnapshotFormat.Json,
                var other => Invalid(r, other),
            },
        };
        var command = new Command("snapshot", "Read a printer (or recorded walks) and print what it says: identity, counters, supplies, alerts") { host, snmprec, format };
        snmp.AddTo(command);
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            var files = result.GetValue(snmprec);
            var chosen = result.GetValue(format);
            if (files is { Length: > 0 })
            {
                return FromRecordings(files, chosen, output, error);
            }

            string target = result.GetValue(host) ?? throw new UsageException("snapshot needs HOST[:PORT] or --snmprec FILE");
            await using var client = new SnmpClient();
            var snapshot = await DeviceReader.ReadAsync(client, snmp.BuildTarget(result, target), TimeProvider.System, cancellationToken).ConfigureAwait(false);
            if (!snapshot.IsSuccess)
            {
                return CommandRunner.Fail(error, snapshot.Error!);
            }

            await output.WriteAsync(chosen == SnapshotFormat.Json ? SnapshotJson.Serialize(snapshot.Value) + "\n" : SnapshotTable.Render(snapshot.Value)).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }

    private static int FromRecordings(string[] paths, SnapshotFormat format, TextWriter output, TextWriter error)
    {
        var snapshots = new List<DeviceSnapshot>();
        foreach (var file in ExpandFiles(paths))
        {
            var walk = SnmprecFormat.ReadFile(file);
            foreach (var problem in walk.Problems)
            {
                error.WriteLine($"warning: {problem}");
            }

            snapshots.Add(PrinterInterpreter.Interpret(walk.Rows, new SnapshotContext(null, TimeProvider.System.GetUtcNow(), Source: file)));
        }

        output.Write(format == SnapshotFormat.Json ? SnapshotJson.Serialize(snapshots) + "\n" : string.Join("\n", snapshots.Select(SnapshotTable.Render)));
        return 0;
    }

    private static IEnumerable<string> ExpandFiles(string[] paths)
    {
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                foreach (var file in Directory.EnumerateFiles(path, "*.snmprec").Order(StringComparer.Ordinal))
                {
                    yield return file;
                }
            }
            else if (File.Exists(path))
            {
                yield return path;
            }
            else
            {
                throw new UsageException($"--snmprec {path}: no such file or folder");
            }
        }
    }

    private static SnapshotFormat Invalid(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"--format {value}: expected table or json");
        return SnapshotFormat.Table;
    }
}
