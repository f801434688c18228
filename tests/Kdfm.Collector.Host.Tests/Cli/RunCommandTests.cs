using System.Diagnostics;
using Kdfm.Collector.Host.Service;
using Kdfm.Testing;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>kdfm-collector run as a process: it persists readings, survives SIGKILL without losing them, and resumes without a rediscovery.</summary>
public class RunCommandTests
{
    private static PeerProcess StartRun(InProcessFleet fleet, string data) =>
        PeerProcess.Start("dotnet", [RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector"), "run", "--data", data], new Dictionary<string, string>
        {
            ["KDFM_Collector__Targets__0"] = fleet.RangeText,
            ["KDFM_Collector__Port"] = fleet[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KDFM_Collector__PollIntervalSeconds"] = "1",
            ["KDFM_Collector__TimeoutMs"] = "500",
            ["KDFM_Collector__PacketsPerSecond"] = "0",
            ["Logging__LogLevel__Default"] = "Information",
        });

    private static Task WaitForAsync(Func<bool> condition, string what, PeerProcess process) =>
        Eventually.HoldsAsync(() => Task.FromResult(process.HasExited ? throw new InvalidOperationException($"{what}: the collector exited\n{process.Output}") : condition()),
            TimeSpan.FromSeconds(60), () => $"{what}\n{process.Output}");

    [Fact]
    public async Task A_collector_killed_during_polling_restarts_knowing_every_device_and_every_stored_reading()
    {
        using var data = new TempDirectory("kdfm-run-");
        string store = data["collector.db"];
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);

        long beforeKill;
        using (var first = StartRun(fleet, data.Path))
        {
            await WaitForAsync(() => File.Exists(store) && StoreReader.ReadingCount(store) >= 15, "15 readings stored", first);
            Assert.Contains("found 5 printers", first.Output, StringComparison.Ordinal);
            var listed = await Cli.RunAsync("devices", "--data", data.Path, "--format", "csv");
            Assert.Equal(0, listed.Exit);
            Assert.Equal(6, listed.Output.TrimEnd().Split('\n').Length); // header + 5 devices, read while run runs
            Process.GetProcessById(first.ProcessId).Kill(); // SIGKILL: no shutdown of any kind
            first.WaitForExit(TimeSpan.FromSeconds(10));
            beforeKill = StoreReader.ReadingCount(store);
        }

        Assert.Equal(5, StoreReader.LastReadings(store).Count);
        using var second = StartRun(fleet, data.Path);
        await second.WaitForOutputAsync("5 known devices", TimeSpan.FromSeconds(60), "restart");
        await WaitForAsync(() => StoreReader.ReadingCount(store) >= beforeKill + 10, "polling resumed", second);
        Assert.DoesNotContain("Discovery probed", second.Output, StringComparison.Ordinal); // no rediscovery needed
        Assert.Equal(5, StoreReader.LastReadings(store).Count);
    }

    [Fact]
    public async Task Sigterm_stops_run_within_the_grace_and_every_reading_stored_stays()
    {
        using var data = new TempDirectory("kdfm-run-");
        string store = data["collector.db"];
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        using var run = StartRun(fleet, data.Path);
        await WaitForAsync(() => File.Exists(store) && StoreReader.ReadingCount(store) >= 10, "10 readings stored", run);

        var sinceSignal = Stopwatch.StartNew();
        await run.SignalAsync("TERM");

        Assert.True(run.WaitForExit(TimeSpan.FromSeconds(15)), $"still running 15 s after SIGTERM\n{run.Output}");
        Assert.True(sinceSignal.Elapsed < TimeSpan.FromSeconds(5), $"ended {sinceSignal.Elapsed.TotalSeconds:F1} s after SIGTERM\n{run.Output}");
        Assert.Contains(run.ExitCode, new[] { 0, 143 }); // 0 after a clean stop; 143 if the grace cut it short (nothing lost either way)
        Assert.Equal(5, StoreReader.LastReadings(store).Count);
        Assert.True(StoreReader.ReadingCount(store) >= 10);
    }

    [Fact]
    public async Task Bad_configuration_stops_the_start_and_names_the_key()
    {
        using var data = new TempDirectory("kdfm-run-");
        var (exit, _, error) = await CommandLine.RunAsync("dotnet", [RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector"), "run", "--data", data.Path],
            new Dictionary<string, string>
            {
                ["KDFM_Collector__Targets__0"] = "127.20.0.0/33", ["KDFM_Collector__Profiles__0__Version"] = "4",
                ["KDFM_Collector__Gateway__MqttUrl"] = "mqtt://broker.example:1883", ["KDFM_Collector__Cluster__Seeds__0"] = "127.0.0.1:4053",
            });
        Assert.Equal(2, exit);
        Assert.Contains("Collector:Targets[0]", error, StringComparison.Ordinal);
        Assert.Contains("Collector:Profiles:0:Version", error, StringComparison.Ordinal);
        Assert.Contains("Collector:Gateway:MqttUrl: mqtt:// to broker.example would send the agent's credential in clear", error, StringComparison.Ordinal);
        Assert.Contains("Collector:Store:Provider: SQLite cannot be shared by several nodes; use postgresql with Collector:Cluster:Seeds", error, StringComparison.Ordinal);
        Assert.Contains("Collector:Cluster:Seeds: several nodes are not supported yet", error, StringComparison.Ordinal);
        Assert.Contains("Collector:Cluster:Secret: required", error, StringComparison.Ordinal);
    }
}
