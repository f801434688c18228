using System.Diagnostics;
using System.Globalization;
using System.Net;
using Kdfm.Snmp;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Transport;

namespace Kdfm.Benchmarks.Throughput;

/// <summary>
/// Requests per second over real loopback sockets: kdfm-sim runs as its own process pinned to one core, this
/// process to the other; the minimal baseline client and SnmpClient run in the same session against the same
/// fleet, and the baseline is also run against one Net-SNMP snmpd for scale.
/// </summary>
internal static class ThroughputBenchmark
{
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    public static async Task<int> RunAsync(int devices, int seconds, int window)
    {
        bool pin = Environment.ProcessorCount >= 2 && File.Exists("/usr/bin/taskset");
        if (pin && OperatingSystem.IsLinux())
        {
            Process.GetCurrentProcess().ProcessorAffinity = 1; // core 0: the clients; core 1: the agent under test
        }

        var duration = TimeSpan.FromSeconds(seconds);
        int port = 16161 + Random.Shared.Next(1000);
        var range = AddressRange.Parse("127.23.0.0/16");
        var targets = Enumerable.Range(0, devices).Select(i => new IPEndPoint(range.At(i), port)).ToList();
        Console.WriteLine($"Throughput: {devices} simulated devices, window {window} requests in flight, {seconds} s per run, " +
                          $"{(pin ? "kdfm-sim pinned to core 1, clients to core 0" : "no pinning")}");

        double baseline, ours;
        using (var sim = StartPinned(pin, "dotnet", [Locate("kdfm-sim.dll"), "--range", "127.23.0.0/16", "--count", devices.ToString(CultureInfo.InvariantCulture),
                   "--port", port.ToString(CultureInfo.InvariantCulture)]))
        {
            await WaitForLineAsync(sim, "kdfm-sim ready");
            MinimalClient.RepliesPerSecond(targets, SysName, window, TimeSpan.FromSeconds(1)); // warm-up
            baseline = MinimalClient.RepliesPerSecond(targets, SysName, window, duration);
            await SnmpClientRequestsPerSecondAsync(targets, window, TimeSpan.FromSeconds(1));
            ours = await SnmpClientRequestsPerSecondAsync(targets, window, duration);
            sim.Kill(entireProcessTree: true);
        }

        double? snmpd = await SnmpdBaselineAsync(pin, window, duration);
        Console.WriteLine();
        Console.WriteLine("| client → agent | requests/s | ratio |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| minimal baseline client → kdfm-sim (= kdfm-sim replies/s on one core) | {baseline:N0} | 1.00 |");
        Console.WriteLine($"| SnmpClient → kdfm-sim | {ours:N0} | {ours / baseline:F2} |");
        if (snmpd is { } s)
        {
            Console.WriteLine($"| minimal baseline client → Net-SNMP snmpd (one core) | {s:N0} | {s / baseline:F2} |");
        }

        return 0;
    }

    private static async Task<double> SnmpClientRequestsPerSecondAsync(IReadOnlyList<IPEndPoint> targets, int window, TimeSpan duration)
    {
        await using var client = new SnmpClient();
        var snmpTargets = targets.Select(t => SnmpTarget.V2c(t, "public") with { Timeout = TimeSpan.FromSeconds(1), Retries = 2 }).ToArray();
        long completed = 0;
        long failed = 0;
        int next = 0;
        var stopwatch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, window).Select(async _ =>
        {
            while (stopwatch.Elapsed < duration)
            {
                var target = snmpTargets[(Interlocked.Increment(ref next) & int.MaxValue) % snmpTargets.Length];
                var result = await client.GetAsync(target, [SysName]).ConfigureAwait(false);
                Interlocked.Increment(ref result.IsSuccess ? ref completed : ref failed);
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        if (failed > 0)
        {
            Console.WriteLine($"  SnmpClient: {failed} requests failed (timeouts) out of {completed + failed}");
        }

        return completed / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double?> SnmpdBaselineAsync(bool pin, int window, TimeSpan duration)
    {
        if (!File.Exists("/usr/sbin/snmpd"))
        {
            Console.WriteLine("  (snmpd not installed: no Net-SNMP comparison)");
            return null;
        }

        string directory = Directory.CreateTempSubdirectory("kdfm-bench-snmpd-").FullName;
        int port = 17161 + Random.Shared.Next(1000);
        string config = Path.Combine(directory, "snmpd.conf");
        await File.WriteAllLinesAsync(config, [$"agentAddress udp:127.0.0.1:{port}", "rocommunity public 127.0.0.1", "sysName bench", "dontLogTCPWrappersConnects yes"]).ConfigureAwait(false);
        Directory.CreateDirectory(Path.Combine(directory, "persist"));
        using var snmpd = StartPinned(pin, "/usr/sbin/snmpd", ["-f", "-Lf", "/dev/null", "-C", "-I", "-smux", "-c", config],
            new() { ["SNMP_PERSISTENT_DIR"] = Path.Combine(directory, "persist"), ["MIBS"] = "", ["MIBDIRS"] = "/nonexistent" });
        await Task.Delay(1500).ConfigureAwait(false);
        var target = new IPEndPoint(IPAddress.Loopback, port);
        MinimalClient.RepliesPerSecond([target], SysName, Math.Min(window, 64), TimeSpan.FromSeconds(1));
        double rate = MinimalClient.RepliesPerSecond([target], SysName, Math.Min(window, 64), duration);
        snmpd.Kill(entireProcessTree: true);
        if (rate == 0)
        {
            Console.WriteLine("  snmpd did not answer: " + await snmpd.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await snmpd.StandardError.ReadToEndAsync().ConfigureAwait(false));
            return null;
        }

        return rate;
    }

    internal static Process StartPinned(bool pin, string program, IEnumerable<string> arguments, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(pin ? "/usr/bin/taskset" : program) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (pin)
        {
            info.ArgumentList.Add("-c");
            info.ArgumentList.Add("1");
            info.ArgumentList.Add(program);
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? [])
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"{program} did not start");
    }

    internal static async Task WaitForLineAsync(Process process, string text)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                Console.WriteLine("  " + line);
                return;
            }
        }

        throw new InvalidOperationException($"the process ended before printing '{text}': {await process.StandardError.ReadToEndAsync().ConfigureAwait(false)}");
    }

    internal static string Locate(string file)
    {
        string path = Path.Combine(AppContext.BaseDirectory, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{file} is not beside the benchmark", path);
    }
}
