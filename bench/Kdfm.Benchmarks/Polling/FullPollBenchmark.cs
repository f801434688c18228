using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Akka.Actor;
using Kdfm.Benchmarks.Throughput;
using Kdfm.Collector;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Snmp;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Benchmarks.Polling;

/// <summary>
/// A full poll of N simulated printers by the collector's device actors, next to, in the same run: the minimal client's
/// request rate against the same simulator, and Net-SNMP's snmpbulkwalk run 32-wide over a sample of the same devices.
/// Also the collector's memory with N devices known.
/// </summary>
internal static class FullPollBenchmark
{
    /// <summary>Counts the poll's outcomes: a reading, or a failed poll (a device that did not answer in time).</summary>
    private sealed class Counter : ReceiveActor
    {
        private int _seen;

        public Counter(int expected, TaskCompletionSource done, StrongBox<int> failed)
        {
            void Seen()
            {
                if (++_seen >= expected)
                {
                    done.TrySetResult();
                }
            }

            Receive<DevicePolled>(_ => Seen());
            Receive<PollFailed>(_ =>
            {
                failed.Value++;
                Seen();
            });
        }

        protected override void PreStart()
        {
            Context.System.EventStream.Subscribe(Self, typeof(DevicePolled));
            Context.System.EventStream.Subscribe(Self, typeof(PollFailed));
        }
    }

    public static async Task<int> RunAsync(int devices)
    {
        bool pin = Environment.ProcessorCount >= 2 && File.Exists("/usr/bin/taskset");
        int port = 19161 + Random.Shared.Next(1000);
        var range = AddressRange.Parse("127.27.0.0/16");
        using var sim = ThroughputBenchmark.StartPinned(pin, "dotnet", [ThroughputBenchmark.Locate("kdfm-sim.dll"), "--range", "127.27.0.0/16",
            "--count", devices.ToString(CultureInfo.InvariantCulture), "--port", port.ToString(CultureInfo.InvariantCulture)]);
        await ThroughputBenchmark.WaitForLineAsync(sim, "kdfm-sim ready");
        string lastAddress = range.At(devices - 1).ToString();
        var settings = new CollectorSettings
        {
            Targets = [$"127.27.0.1-{lastAddress}"],
            Port = port,
            Timeout = TimeSpan.FromSeconds(2),
            Retries = 2,
            Concurrency = 2048,
            PacketsPerSecond = 0,
            // The product's default (15 min); every device actor stays in memory between polls.
            PollInterval = TimeSpan.FromMinutes(15),
        };

        // The collector as it runs: readings persisted in a SQLite store, not kept in memory.
        string store = Path.Combine(Path.GetTempPath(), $"kdfm-bench-{Guid.NewGuid():N}.db");
        bool inMemory = Environment.GetEnvironmentVariable("KDFM_BENCH_STORE") == "memory"; // to tell the store's share of the cost
        await using var node = CollectorNode.Start(settings, inMemory ? null : store);
        var discovery = Stopwatch.StartNew();
        var scan = await node.ScanAsync(settings.Targets);
        discovery.Stop();

        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failed = new StrongBox<int>(0);
        node.System.ActorOf(Props.Create(() => new Counter(scan.Snapshots.Length, done, failed)));
        var before = node.Runtime.Client.Statistics;
        var poll = Stopwatch.StartNew();
        node.Registry.Tell(new DeviceRegistry.PollAll());
        await done.Task.WaitAsync(TimeSpan.FromMinutes(10));
        poll.Stop();
        var after = node.Runtime.Client.Statistics;
        long requests = after.RequestsSent - before.RequestsSent;
        long managed = GC.GetTotalMemory(forceFullCollection: true);
        long rss = Process.GetCurrentProcess().WorkingSet64;
        // What the process keeps once the GC has compacted and given back what it holds free (as it does under memory pressure).
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        long trimmed = Process.GetCurrentProcess().WorkingSet64;

        var targets = Enumerable.Range(0, devices).Select(i => new IPEndPoint(range.At(i), port)).ToList();
        double minimal = MinimalClient.RepliesPerSecond(targets, Oid.Parse("1.3.6.1.2.1.1.5.0"), 256, TimeSpan.FromSeconds(5));
        // The same kind of request a poll sends: a GETBULK of five subtrees, ten repetitions each.
        Oid[] subtrees = [Oid.Parse("1.3.6.1.2.1.1"), Oid.Parse("1.3.6.1.2.1.43.5.1.1"), Oid.Parse("1.3.6.1.2.1.43.8.2.1"), Oid.Parse("1.3.6.1.2.1.43.11.1.1"), Oid.Parse("1.3.6.1.2.1.43.18.1.1")];
        double minimalBulk = MinimalClient.RepliesPerSecond(targets, id => Kdfm.Snmp.Messages.Pdu.GetBulk(id, 0, 10, subtrees), 256, TimeSpan.FromSeconds(5));
        double bulkwalkDevicesPerSecond = await SnmpBulkwalkAsync(targets.Take(Math.Min(devices, 320)).ToList());
        sim.Kill(entireProcessTree: true);

        double pollRequestsPerSecond = requests / poll.Elapsed.TotalSeconds;
        double devicesPerSecond = scan.Snapshots.Length / poll.Elapsed.TotalSeconds;
        Console.WriteLine();
        Console.WriteLine($"| full poll of {scan.Snapshots.Length:N0} simulated printers (discovered and first read in {discovery.Elapsed.TotalSeconds:F1} s) | value | ratio |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| devices that did not answer this poll (counted, not read) | {failed.Value:N0} | |");
        Console.WriteLine($"| collector: poll time | {poll.Elapsed.TotalSeconds:F1} s | |");
        Console.WriteLine($"| collector: requests/s ({requests / Math.Max(1, scan.Snapshots.Length):F1} per device) | {pollRequestsPerSecond:N0} | {pollRequestsPerSecond / minimal:F2} of minimal |");
        Console.WriteLine($"| minimal client: GET requests/s, same simulator | {minimal:N0} | 1.00 |");
        Console.WriteLine($"| minimal client: GETBULK (5 subtrees × 10) requests/s, same simulator | {minimalBulk:N0} | collector {pollRequestsPerSecond / minimalBulk:F2} of it |");
        Console.WriteLine($"| collector: devices/s | {devicesPerSecond:N0} | {devicesPerSecond / bulkwalkDevicesPerSecond:F1}x snmpbulkwalk |");
        Console.WriteLine($"| Net-SNMP snmpbulkwalk 32-wide: devices/s (sample of {Math.Min(devices, 320)}) | {bulkwalkDevicesPerSecond:N1} | |");
        Console.WriteLine($"| collector working set with {scan.Snapshots.Length:N0} devices known | {rss / 1024 / 1024:N0} MB | |");
        Console.WriteLine($"| the same after an aggressive (compacting, decommitting) GC | {trimmed / 1024 / 1024:N0} MB | |");
        Console.WriteLine($"| of which live managed heap | {managed / 1024 / 1024:N0} MB | |");
        return 0;
    }

    /// <summary>Walks each device whole with snmpbulkwalk, 32 processes at a time; devices per second.</summary>
    private static async Task<double> SnmpBulkwalkAsync(IReadOnlyList<IPEndPoint> targets)
    {
        if (!File.Exists("/usr/bin/snmpbulkwalk"))
        {
            return double.NaN;
        }

        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (target, cancellationToken) =>
        {
            var info = new ProcessStartInfo("/usr/bin/snmpbulkwalk") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-v2c", "-c", "public", "-On", "-Cr25", $"{target.Address}:{target.Port}", "1.3.6.1" })
            {
                info.ArgumentList.Add(argument);
            }

            info.Environment["MIBS"] = string.Empty;
            info.Environment["MIBDIRS"] = "/nonexistent";
            using var process = Process.Start(info)!;
            await process.StandardOutput.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
        });
        return targets.Count / stopwatch.Elapsed.TotalSeconds;
    }
}
