using System.Text.Json;
using System.Text.Json.Nodes;
using Kdfm.Testing;

namespace Kdfm.Collector.Host.Tests.Cli;

public class SnapshotCommandTests
{
    private static IReadOnlyList<string> Walks() =>
    [
        .. Directory.EnumerateFiles(RepositoryPaths.DemoWalks, "*.snmprec").Order(StringComparer.Ordinal),
        .. new[] { "librenms-sharp", "librenms-jetdirect_m130nw", "brother-py-dcp-l3550cdw", "librenms-ricoh_mpc3002", "librenms-zebra", "printmaster-kyocera_cs4053" }
            .Select(name => Path.Combine(RepositoryPaths.CorpusWalks, name + ".snmprec")),
    ];

    /// <summary>A snapshot without the fields that differ between a live read and a recording.</summary>
    private static string Comparable(JsonNode snapshot)
    {
        var copy = snapshot.DeepClone().AsObject();
        foreach (var field in new[] { "address", "collectedAt", "snmp", "source", "key" })
        {
            copy.Remove(field);
        }

        return copy.ToJsonString();
    }

    [Fact]
    public async Task A_live_snapshot_equals_the_snapshot_of_the_recording_it_serves()
    {
        var walks = Walks();
        await using var fleet = InProcessFleet.Start(walks);
        var (exit, output, error) = await Cli.RunAsync(["snapshot", "--format", "json", "--snmprec", .. walks]);
        Assert.True(exit == 0, error);
        var recorded = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(walks.Count, recorded.Count);
        for (int i = 0; i < walks.Count; i++)
        {
            Assert.Equal(walks[i], recorded[i]!["source"]!.GetValue<string>());
            var live = await Cli.RunAsync("snapshot", "--format", "json", "-t", "3", $"{fleet[i].Address}:{fleet[i].Port}");
            Assert.True(live.Exit == 0, live.Error);
            var snapshot = JsonNode.Parse(live.Output)!;
            Assert.Equal(fleet[i].Address.ToString(), snapshot["address"]!.GetValue<string>());
            Assert.True(snapshot["snmp"]!["requests"]!.GetValue<int>() > 1);
            Assert.Equal(Comparable(recorded[i]!), Comparable(snapshot));
        }
    }

    [Fact]
    public async Task The_table_shows_identity_counters_supplies_and_alerts()
    {
        var (exit, output, _) = await Cli.RunAsync("snapshot", "--snmprec", Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec"));
        Assert.Equal(0, exit);
        Assert.Contains("Kyocera ECOSYS M2999dn   serial VKD7100042", output, StringComparison.Ordinal);
        Assert.Contains("key kyocera:VKD7100042", output, StringComparison.Ordinal);
        Assert.Contains("[######..............]  33%  TK-1170 (black)", output, StringComparison.Ordinal);
        Assert.Contains("markerTonerAlmostEmpty", output, StringComparison.Ordinal);
        Assert.Contains("total", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_line_is_reported_with_its_file_and_line_and_the_rest_is_read()
    {
        string file = Path.Combine(Path.GetTempPath(), $"kdfm-bad-{Guid.NewGuid():N}.snmprec");
        await File.WriteAllLinesAsync(file,
        [
            "1.3.6.1.2.1.1.5.0|4|printer-with-a-bad-line",
            "1.3.6.1.2.1.43.10.2.1.4.1.1|65|6git3159",
            "1.3.6.1.2.1.43.5.1.1.17.1|4|SER123",
        ]);
        try
        {
            var (exit, output, error) = await Cli.RunAsync("snapshot", "--format", "json", "--snmprec", file);
            Assert.Equal(0, exit);
            Assert.Contains($"{file}:2: '6git3159' is not a valid value for tag 65", error, StringComparison.Ordinal);
            var snapshot = JsonNode.Parse(output)!.AsArray().Single()!;
            Assert.Equal("printer-with-a-bad-line", snapshot["sysName"]!.GetValue<string>());
            Assert.Equal("SER123", snapshot["serial"]!.GetValue<string>());
            Assert.Empty(snapshot["counters"]!.AsArray());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Snapshot_without_a_host_or_recording_is_a_usage_error()
    {
        var (exit, _, error) = await Cli.RunAsync("snapshot");
        Assert.Equal(2, exit);
        Assert.Contains("HOST[:PORT] or --snmprec", error, StringComparison.Ordinal);
    }
}
