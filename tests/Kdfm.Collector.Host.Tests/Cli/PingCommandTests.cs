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
