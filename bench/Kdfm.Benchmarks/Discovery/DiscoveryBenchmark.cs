using System.Diagnostics;
using System.Globalization;
using Kdfm.Benchmarks.Throughput;
using Kdfm.Collector;
using Kdfm.Collector.Configuration;

namespace Kdfm.Benchmarks.Discovery;

/// <summary>
/// Discovery of a /16 (65,534 addresses) where kdfm-sim serves <c>devices</c> printers from the first address and
/// every other address is silent, with a 1 s timeout and 1 retry: the time to find and read them all.
/// </summary>
internal static class DiscoveryBenchmark
{
    public static async Task<int> RunAsync(int devices, int concurrency, int rate)
    {
        bool pin = Environment.ProcessorCount >= 2 && File.Exists("/usr/bin/taskset");
        int port = 18161 + Random.Shared.Next(1000);
        using var sim = ThroughputBenchmark.StartPinned(pin, "dotnet", [ThroughputBenchmark.Locate("kdfm-sim.dll"), "--range", "127.26.0.0/16",
            "--count", devices.ToString(CultureInfo.InvariantCulture), "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await ThroughputBenchmark.WaitForLineAsync(sim, "kdfm-sim ready");
        var settings = new CollectorSettings
        {
            Targets = ["127.26.0.0/16"],
            Port = port,
            Timeout = TimeSpan.FromSeconds(1),
            Retries = 1,
            Concurrency = concurrency,
            PacketsPerSecond = rate,
        };
        await using var node = CollectorNode.Start(settings);
        var stopwatch = Stopwatch.StartNew();
        var scan = await node.ScanAsync(settings.Targets);
        stopwatch.Stop();
        sim.Kill(entireProcessTree: true);
        long rss = Process.GetCurrentProcess().WorkingSet64;
        Console.WriteLine();
        Console.WriteLine($"| discovery of 127.26.0.0/16 ({scan.Discovery.Probed:N0} addresses, {devices:N0} printers), timeout 1 s, 1 retry, concurrency {concurrency}, rate cap {(rate == 0 ? "none" : rate + " pkt/s")} | |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| printers found and read | {scan.Snapshots.Length:N0} ({scan.Snapshots.Select(s => s.Key).Distinct().Count():N0} distinct keys) |");
        Console.WriteLine($"| time | {stopwatch.Elapsed.TotalSeconds:F1} s |");
        Console.WriteLine($"| addresses per second | {scan.Discovery.Probed / stopwatch.Elapsed.TotalSeconds:N0} |");
        Console.WriteLine($"| collector working set at the end | {rss / 1024 / 1024:N0} MB |");
        return 0;
    }
}
