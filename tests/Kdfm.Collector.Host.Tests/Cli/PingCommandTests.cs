using System.Text.RegularExpressions;
using Kdfm.Testing;
using Xunit.Abstractions;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>
/// <c>kdfm-collector ping</c>: what a ping task does, on the command line. Loopback addresses only; the run without a way to
/// ping is a real child process whose CAP_NET_RAW is taken away by setpriv.
/// </summary>
public sealed partial class PingCommandTests(ITestOutputHelper output)
{
    [GeneratedRegex(@"^127\.20\.0\.9: seq=(\d) success rtt=\d+\.\d{3} ms$")]
    private static partial Regex Probe();

    [Fact]
    public async Task Pings_a_loopback_address_and_prints_each_probe_and_the_summary()
    {
        var (exit, printed, error) = await Cli.RunAsync("ping", "127.20.0.9", "-c", "2");

        Assert.True(exit == 0, error);
        var lines = printed.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal(["1", "2"], lines[..2].Select(l => Probe().Match(l).Groups[1].Value));
        Assert.StartsWith("2 sent, 2 received, 0% loss, rtt min/avg/max ", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_request_outside_the_limits_is_a_usage_error_naming_the_option()
    {
        var (exit, _, error) = await Cli.RunAsync("ping", "127.20.0.9", "-c", "21");

        Assert.Equal((2, "Usage error: count must be between 1 and 20; got 21"), (exit, error.TrimEnd()));
    }

    private static Task<(int ExitCode, string Output, string Error)> AsNobodyAsync(IEnumerable<string> caps, params string[] ping) =>
        CommandLine.RunAsync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", .. caps, "--", "dotnet", RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector"),
            "ping", .. ping]);

    [Fact]
    public async Task A_collector_that_is_not_root_pings_over_a_raw_socket_with_cap_net_raw_as_the_service_unit_gives_it_else_through_the_ping_utility()
    {
        if (Environment.UserName != "root")
        {
            output.WriteLine("not run: only root can start a child as another user with chosen capabilities here");
            return;
        }

        // AmbientCapabilities=CAP_NET_RAW: the capability in the ambient set, kept across exec by a process that is not root.
        var raw = await AsNobodyAsync(["--inh-caps=+net_raw", "--ambient-caps=+net_raw"], "127.20.0.9", "-c", "2", "-s", "100");
        // Without it: Debian's ping utility (its file capability cap_net_raw=ep), which sends only its own 32-byte payload.
        var utility = await AsNobodyAsync([], "127.20.0.9", "-c", "2");
        var size = await AsNobodyAsync([], "127.20.0.9", "-c", "2", "-s", "100");

        output.WriteLine($"{raw}\n{utility}\n{size}");
        Assert.True(raw.ExitCode == 0, raw.Error);
        Assert.Matches(@"^2 sent, 2 received, 0% loss, rtt min/avg/max \d+\.\d\d/\d+\.\d\d/\d+\.\d\d ms$", raw.Output.TrimEnd().Split('\n')[^1]);
        Assert.True(utility.ExitCode == 0, utility.Error);
        Assert.EndsWith("; 32-byte payload instead of 56: the ping utility sends no other without CAP_NET_RAW", utility.Output.TrimEnd(), StringComparison.Ordinal);
        Assert.Equal((2, "a payload of 100 bytes needs the CAP_NET_RAW capability (AmbientCapabilities=CAP_NET_RAW in the collector's service unit): without it the collector pings through the ping utility, which sends only its 32-byte default"),
            (size.ExitCode, size.Error.TrimEnd()));
    }

    [Fact]
    public async Task Without_cap_net_raw_a_real_run_fails_with_one_sentence_naming_the_fix()
    {
        if (Environment.UserName != "root")
        {
            // Taking CAP_NET_RAW out of the bounding set needs CAP_SETPCAP; a process that is not root lacks it.
            output.WriteLine("not run: only root can take CAP_NET_RAW away from a child here");
            return;
        }

        // The child may not hold CAP_NET_RAW, so .NET falls back to the ping utility, which cannot run either: its file
        // capability (cap_net_raw=ep on Debian) is outside the bounding set, so execve fails with EPERM (a setuid ping gets no
        // capability and no reply). Either way the collector says the one sentence.
        var (exit, printed, error) = await CommandLine.RunAsync("setpriv",
            ["--inh-caps=-net_raw", "--bounding-set=-net_raw", "--", "dotnet", RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector"), "ping", "127.20.0.9", "-c", "1"]);

        output.WriteLine(error);
        Assert.Equal((2, ""), (exit, printed));
        var sentence = error.TrimEnd();
        Assert.Single(sentence.Split('\n'));
        Assert.StartsWith("cannot send ICMP echo requests: the collector may not open raw sockets (no CAP_NET_RAW) and the ping utility ", sentence, StringComparison.Ordinal);
        Assert.EndsWith("; install iputils-ping, or give the collector the CAP_NET_RAW capability (AmbientCapabilities=CAP_NET_RAW in its service unit)", sentence,
            StringComparison.Ordinal);
    }
}
