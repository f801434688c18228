using System.ComponentModel;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Tests;

/// <summary>
/// Ping tasks: real echo requests to loopback addresses only (127.0.0.0/8), the contract's result, the request's limits,
/// names that do not resolve (an injected resolver: no DNS query leaves the machine) and a machine that cannot ping
/// (the library's failures mapped, and injected).
/// </summary>
public sealed partial class PingTests() : TestKit(CollectorConfig.Defaults)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    /// <summary>As root or with CAP_NET_RAW; through the ping utility, its 32-byte payload is said.</summary>
    [GeneratedRegex(@"^3 sent, 3 received, 0% loss, rtt min/avg/max \d+\.\d\d/\d+\.\d\d/\d+\.\d\d ms(; 32-byte payload instead of 56: the ping utility sends no other without CAP_NET_RAW)?$")]
    private static partial Regex ThreeOfThree();

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.20.0.9")]
    public async Task A_real_ping_of_a_loopback_address_returns_each_probe_with_its_round_trip(string address)
    {
        var outcome = await PingRun.RunAsync(SystemEcho.Shared, PingRun.SystemResolver, address, 3, PingRequests.DefaultSize, TimeSpan.FromSeconds(2), CancellationToken.None);

        var report = Assert.IsType<PingReport>(outcome);
        Assert.Equal(IPAddress.Parse(address), report.Address);
        Assert.Equal([1, 2, 3], report.Probes.Select(p => p.Sequence));
        Assert.All(report.Probes, p => Assert.Equal("success", p.Status));
        Assert.All(report.Probes, p => Assert.InRange(p.RttMs, 0, 2000));
        Assert.Equal((3, 3, 0), (report.Sent, report.Received, report.LossPercent));
        // Over a raw socket (root, or CAP_NET_RAW) with the payload asked for; through the ping utility, its own.
        Assert.Contains(report.SentSize, new[] { PingRequests.DefaultSize, SystemEcho.UtilityPayloadBytes });
        Assert.Matches(ThreeOfThree(), report.Summary());
    }

    [Fact]
    public async Task The_pinger_answers_a_ping_task_with_the_contracts_result()
    {
        var pinger = Sys.ActorOf(Pinger.Props(SystemEcho.Shared));

        var finished = await pinger.Ask<PingFinished>(new RunPing("tsk_1", new PingRequest { Target = "127.20.0.9", Count = 3 }), Wait);
        var result = PingTask.Result(finished.TaskId, finished.Outcome);

        Assert.Equal(("tsk_1", true), (result.TaskId, result.Ok));
        Assert.Matches(ThreeOfThree(), result.Message);
        Assert.Equal(("127.20.0.9", 3, 3), (result.Ping.Address, result.Ping.Sent, result.Ping.Received));
        Assert.Equal([(1, "success"), (2, "success"), (3, "success")], result.Ping.Probes.Select(p => (p.Sequence, p.Status)));
        Assert.All(result.Ping.Probes, p => Assert.InRange(p.RttMs, 0, 2000));
    }

    [Fact]
    public async Task A_host_name_is_resolved_and_said_with_its_address()
    {
        // localhost is in /etc/hosts, read before any name server: nothing leaves the machine.
        var report = Assert.IsType<PingReport>(await PingRun.RunAsync(SystemEcho.Shared, PingRun.SystemResolver, "localhost", 1, 56, TimeSpan.FromSeconds(2), CancellationToken.None));

        Assert.Equal(IPAddress.Loopback, report.Address);
        Assert.EndsWith("; localhost is 127.0.0.1", report.Summary(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_host_name_that_does_not_resolve_fails_the_task_with_a_clear_sentence()
    {
        ResolveHost unknown = (_, _) => Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
        ResolveHost empty = (_, _) => Task.FromResult(Array.Empty<IPAddress>());
        var echo = FakeEcho.Always(Echo.Success);

        var failed = await Sys.ActorOf(Pinger.Props(echo, unknown)).Ask<PingFinished>(new RunPing("tsk_2", new PingRequest { Target = "printer-7.corp.example" }), Wait);
        var noAddress = await PingRun.RunAsync(echo, empty, "printer-8.corp.example", 4, 56, TimeSpan.FromSeconds(1), CancellationToken.None);

        var result = PingTask.Result(failed.TaskId, failed.Outcome);
        Assert.Equal((false, "cannot resolve printer-7.corp.example: no such host is known to the collector's name servers"), (result.Ok, result.Message));
        Assert.Null(result.Ping);
        Assert.Equal(new PingFailure("printer-8.corp.example", PingFailure.Kinds.Unresolved, "cannot resolve printer-8.corp.example: it has no address"), noAddress);
        Assert.Equal(0, echo.Sent);
    }

    [Fact]
    public void Requests_take_their_defaults_and_outside_the_limits_are_refused_naming_the_field()
    {
        var (normalized, none) = PingRequests.Normalize(new PingRequest { Target = " 127.20.0.5 " });
        Assert.Null(none);
        Assert.Equal(new PingRequest { Target = "127.20.0.5", Count = 4, Size = 56, TimeoutMs = 1000 }, normalized);
        Assert.Equal(new PingRequest { Target = "printer.corp.example", Count = 20, Size = 1472, TimeoutMs = 100 },
            PingRequests.Normalize(new PingRequest { Target = "printer.corp.example", Count = 20, Size = 1472, TimeoutMs = 100 }).Request);

        (PingRequest Request, string Problem)[] refused =
        [
            (new PingRequest(), "target is needed: the address or host name to ping"),
            (new PingRequest { Target = "printer one" }, "target must be an IP address or a host name"),
            (new PingRequest { Target = "127.20.0.5", Count = 21 }, "count must be between 1 and 20; got 21"),
            (new PingRequest { Target = "127.20.0.5", Count = -1 }, "count must be between 1 and 20; got -1"),
            (new PingRequest { Target = "127.20.0.5", Size = 1473 }, "size must be between 0 and 1472 bytes; got 1473"),
            (new PingRequest { Target = "127.20.0.5", TimeoutMs = 99 }, "timeoutMs must be between 100 and 10000; got 99"),
            (new PingRequest { Target = "127.20.0.5", TimeoutMs = 10_001 }, "timeoutMs must be between 100 and 10000; got 10001"),
        ];
        Assert.All(refused, r => Assert.Equal((null, r.Problem), PingRequests.Normalize(r.Request)));
    }

    [Fact]
    public async Task The_agent_checks_the_request_again_and_sends_nothing_for_a_bad_one()
    {
        var echo = FakeEcho.Always(Echo.Success);
        var finished = await Sys.ActorOf(Pinger.Props(echo)).Ask<PingFinished>(new RunPing("tsk_3", new PingRequest { Target = "127.20.0.5", Count = 25 }), Wait);

        Assert.Equal((false, "ping refused: count must be between 1 and 20; got 25"), (PingTask.Result("tsk_3", finished.Outcome).Ok, PingTask.Result("tsk_3", finished.Outcome).Message));
        Assert.Equal(0, echo.Sent);
    }

    [Fact]
    public void The_librarys_ways_of_saying_no_icmp_here_become_one_sentence_naming_the_fix()
    {
        const string Fix = "install iputils-ping, or give the collector the CAP_NET_RAW capability (AmbientCapabilities=CAP_NET_RAW in its service unit)";

        // .NET on Linux without CAP_NET_RAW: no ping utility found, or one it cannot start (EPERM when the binary's file
        // capability is outside the process's bounding set: seen here with setpriv).
        Assert.Equal($"cannot send ICMP echo requests: the collector may not open raw sockets (no CAP_NET_RAW) and no ping utility is installed; {Fix}",
            SystemEcho.Unavailable(new PlatformNotSupportedException())!.Message);
        Assert.Equal($"cannot send ICMP echo requests: the collector may not open raw sockets (no CAP_NET_RAW) and the ping utility could not be started (Operation not permitted); {Fix}",
            SystemEcho.Unavailable(new PingException("An exception occurred during a Ping request.", new Win32Exception(1)))!.Message);
        // Anything else is not about the capability.
        Assert.Null(SystemEcho.Unavailable(new PingException("An exception occurred during a Ping request.", new SocketException((int)SocketError.NetworkUnreachable))));
        Assert.Null(SystemEcho.Unavailable(new TimeoutException()));
    }

    [Fact]
    public async Task Without_a_way_to_ping_the_task_fails_with_that_sentence()
    {
        var unavailable = SystemEcho.Unavailable(new PlatformNotSupportedException())!;
        var finished = await Sys.ActorOf(Pinger.Props(FakeEcho.Throwing(unavailable))).Ask<PingFinished>(new RunPing("tsk_4", new PingRequest { Target = "127.20.0.5" }), Wait);

        var result = PingTask.Result("tsk_4", finished.Outcome);
        Assert.False(result.Ok);
        Assert.Equal(unavailable.Message, result.Message);
        Assert.DoesNotContain(". ", result.Message, StringComparison.Ordinal); // one sentence
        Assert.EndsWith(IcmpUnavailableException.Fix, result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Probes_that_get_no_reply_are_lost_and_the_summary_says_so()
    {
        int n = 0;
        var echo = new FakeEcho((_, size) => Task.FromResult(Interlocked.Increment(ref n) % 2 == 1 ? new Echo(Echo.TimedOut, 0, size) : new Echo(Echo.Success, 0.5, size)));

        var report = Assert.IsType<PingReport>(await PingRun.RunAsync(echo, PingRun.SystemResolver, "127.20.0.5", 3, 56, TimeSpan.FromSeconds(1), CancellationToken.None));

        Assert.Equal([(1, "timed-out", 0.0), (2, "success", 0.5), (3, "timed-out", 0.0)], report.Probes.Select(p => (p.Sequence, p.Status, p.RttMs)));
        Assert.Equal("3 sent, 1 received, 67% loss, rtt min/avg/max 0.50/0.50/0.50 ms", report.Summary());
        var none = new PingReport("127.20.0.5", IPAddress.Parse("127.20.0.5"), [new EchoProbe(1, "destination-host-unreachable", 0)], 56, 32);
        Assert.Equal("1 sent, 0 received, 100% loss; 32-byte payload instead of 56: the ping utility sends no other without CAP_NET_RAW", none.Summary());
        Assert.Equal(["success", "timed-out", "destination-host-unreachable", "ttl-expired"],
            new[] { IPStatus.Success, IPStatus.TimedOut, IPStatus.DestinationHostUnreachable, IPStatus.TtlExpired }.Select(SystemEcho.StatusName));
    }

    [Fact]
    public async Task At_most_four_runs_at_once_and_a_fifth_is_refused_until_one_ends()
    {
        var release = new TaskCompletionSource<Echo>(TaskCreationOptions.RunContinuationsAsynchronously);
        var echo = new FakeEcho((_, _) => release.Task);
        var pinger = Sys.ActorOf(Pinger.Props(echo));
        var probe = CreateTestProbe();
        for (int i = 1; i <= Pinger.MaxRunning; i++)
        {
            pinger.Tell(new RunPing($"tsk_{i}", new PingRequest { Target = "127.20.0.5", Count = 1 }), probe.Ref);
        }

        await Kdfm.Testing.Eventually.True(() => echo.Sent == Pinger.MaxRunning, "four echo requests out");
        pinger.Tell(new RunPing("tsk_5", new PingRequest { Target = "127.20.0.5", Count = 1 }), probe.Ref);
        var refused = probe.ExpectMsg<PingFinished>(Wait);
        Assert.Equal(("tsk_5", "ping refused: 4 pings are running already; ask again when one has ended"), (refused.TaskId, ((PingFailure)refused.Outcome).Message));

        release.SetResult(new Echo(Echo.Success, 0.1, 56));
        var ended = Enumerable.Range(0, Pinger.MaxRunning).Select(_ => probe.ExpectMsg<PingFinished>(Wait)).ToList();
        Assert.Equal(["tsk_1", "tsk_2", "tsk_3", "tsk_4"], ended.Select(e => e.TaskId).Order());
        Assert.All(ended, e => Assert.Equal(1, ((PingReport)e.Outcome).Received));
        pinger.Tell(new RunPing("tsk_6", new PingRequest { Target = "127.20.0.5", Count = 1 }), probe.Ref);
        Assert.IsType<PingReport>(probe.ExpectMsg<PingFinished>(Wait).Outcome);
    }
}
