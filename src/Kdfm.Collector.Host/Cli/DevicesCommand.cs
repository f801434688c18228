using System.CommandLine;
using Kdfm.Collector.Host.Service;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Host.Cli;

/// <summary><c>kdfm-collector devices [--data DIR] [--format table|json|csv]</c>: what the local store knows, even while run is running.</summary>
internal static class DevicesCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var data = new Option<string>("--data") { Description = "Data directory of the collector", DefaultValueFactory = _ => CollectorOptions.DefaultDataDirectory };
        var format = new Option<string>("--format") { Description = "table, json or csv", DefaultValueFactory = _ => "table" };
        var command = new Command("devices", "List the devices in the local store with their last reading") { data, format };
        command.SetAction((result, cancellationToken) => CommandRunner.RunAsync(error, async () =>
        {
            string store = Path.Combine(result.GetValue(data)!, "collector.db");
            if (!File.Exists(store))
            {
                throw new UsageException($"--data {result.GetValue(data)}: no collector store there (run the collector first)");
            }

            var snapshots = StoreReader.LastReadings(store, problem => error.WriteLine($"warning: {problem}"));
            await output.WriteAsync(result.GetValue(format)!.ToLowerInvariant() switch
            {
                "json" => SnapshotJson.Serialize(snapshots) + "\n",
                "csv" => SnapshotList.Csv(snapshots),
                "table" => SnapshotList.Table(snapshots),
                var other => throw new UsageException($"--format {other}: expected table, json or csv"),
            }).ConfigureAwait(false);
            return 0;
        }, cancellationToken));
        return command;
    }
}
