using System.Diagnostics;
using System.Text.Json.Nodes;
using Kdfm.Testing;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>
/// kdfm-collector as a process, stopped by a real signal while it waits on silent addresses (each probe would take
/// 20 s): it ends within the grace period with the signal's exit code, and scan prints what it read so far as valid JSON.
/// </summary>
public class InterruptTests
{
    private static readonly string[] Walks =
        [Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec"), Path.Combine(RepositoryPaths.DemoWalks, "demo-hp-color-m9555.snmprec")];

    private static PeerProcess Start(params string[] args) =>
        PeerProcess.Start("dotnet", [RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector"), .. args]);

    /// <summary>True once the process holds a UDP socket (its fds against the kernel's UDP tables): it is past start-up.</summary>
    private static bool HasUdpSocket(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:[", StringComparison.Ordinal))
            {
                inodes.Add(target[8..^1]);
            }
        }

        // /proc/net/udp: one socket a line, the inode is the tenth column.
        return new[] { "/proc/net/udp", "/proc/net/udp6" }.Where(File.Exists).SelectMany(File.ReadLines).Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Any(columns => columns.Length > 9 && inodes.Contains(columns[9]));
    }

    /// <summary>The process ended within <paramref name="limit"/> of the signal (the work left would take far longer).</summary>
    private static void AssertEndedWithin(PeerProcess process, TimeSpan limit, Stopwatch sinceSignal)
    {
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(15)), $"still running 15 s after the signal\n{process.Output}");
        Assert.True(sinceSignal.Elapsed < limit, $"ended {sinceSignal.Elapsed.TotalSeconds:F1} s after the signal\n{process.Output}");
    }

    [Fact]
    public async Task Sigterm_stops_a_scan_which_prints_the_printers_read_so_far_as_valid_json_with_exit_code_143()
    {
        await using var fleet = InProcessFleet.Start(Walks);
        string port = fleet[0].Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        // The whole /24: the two printers answer at once, the 252 silent addresses keep the scan going for 20 s.
        using var scan = Start("scan", fleet.RangeText, "--port", port, "--timeout", "5000", "--retries", "3", "--format", "json", "--progress");
        // A cold process forming its cluster of one while the whole suite runs: the first readings may take a while (the
        // silent addresses keep the scan going far longer: 5 s × 4 tries).
        await Eventually.True(() => scan.Output.Contains("(read 2)", StringComparison.Ordinal), $"both printers read\n{scan.Output}", TimeSpan.FromSeconds(90));
        var sinceSignal = Stopwatch.StartNew();
        await scan.SignalAsync("TERM");

        AssertEndedWithin(scan, TimeSpan.FromSeconds(5), sinceSignal);
        Assert.Equal(143, scan.ExitCode);
        var printed = JsonNode.Parse(scan.StandardOutput)!.AsArray();
        Assert.Equal([fleet[0].Address.ToString(), fleet[1].Address.ToString()], printed.Select(p => p!["address"]!.GetValue<string>()));
        Assert.Contains("interrupted:", scan.Output, StringComparison.Ordinal);
    }

    /// <remarks>
    /// SIGTERM only: a process started from a non-interactive shell's background job inherits SIGINT ignored, and the
    /// runtime keeps it so (as test.sh may be run); Ctrl+C's 130 is checked in-process below.
    /// </remarks>
    [Theory]
    [InlineData("walk", "TERM", 143)]
    [InlineData("snapshot", "TERM", 143)]
    public async Task A_signal_stops_a_command_waiting_on_a_silent_agent_at_once(string command, string signal, int exitCode)
    {
        int port = FreePort.Udp();
        using var process = Start(command, "-v", "2c", "-c", "public", "-t", "5", "-r", "3", $"127.21.249.9:{port}");
        await Eventually.True(() => HasUdpSocket(process.ProcessId), "the command has opened its SNMP socket");
        var sinceSignal = Stopwatch.StartNew();
        await process.SignalAsync(signal);

        AssertEndedWithin(process, TimeSpan.FromSeconds(5), sinceSignal);
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Contains("interrupted", process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_command_ends_with_the_exit_code_of_ctrl_c_and_says_it_was_interrupted()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        var (exit, _, error) = await Cli.RunAsync(stop.Token, "walk", "-v", "2c", "-t", "5", "-r", "3", $"127.21.249.10:{FreePort.Udp()}");
        Assert.Equal(130, exit);
        Assert.Equal("interrupted", error.Trim());
    }
}
