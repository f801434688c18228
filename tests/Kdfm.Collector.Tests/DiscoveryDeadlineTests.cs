using System.Collections.Immutable;
using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Polling;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>
/// Every wait of discovery and scanning has a deadline, on virtual time: the deadline passes with the test scheduler
/// while the SNMP requests (real sockets, real timeouts of many seconds) are still waiting.
/// </summary>
public sealed class DiscoveryDeadlineTests() : TestKit(Akka.Configuration.ConfigurationFactory
    .ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
    .WithFallback(CollectorConfig.InMemoryStore).WithFallback(CollectorConfig.Defaults))
{
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(20);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    /// <summary>Probes of silent addresses that would each take 30 s of real time (10 s timeout, 2 retries).</summary>
    private static readonly CollectorSettings Slow = new() { Timeout = TimeSpan.FromSeconds(10), Retries = 2, PacketsPerSecond = 0, Port = FreePort.Udp() };

    [Fact]
    public async Task A_discovery_run_that_reaches_its_deadline_reports_what_it_has_and_names_what_it_did_not_finish()
    {
        await using var client = new SnmpClient();
        using var budget = new ProbeBudget(Slow.Concurrency, 0);
        var registry = CreateTestProbe();
        var requester = CreateTestProbe();
        var discovery = Sys.ActorOf(DiscoverySupervisor.Props(new LiveSettings(Slow), client, budget, registry.Ref), "discovery");
        requester.Send(discovery, new StartDiscovery(["127.21.251.0/30"])); // its hosts: .1 and .2
        await Identified(discovery); // the run is made
        await Sys.ActorSelection("/user/discovery/run-1").ResolveOne(RealWait); // and started: its deadline is on the clock

        Scheduler.Advance(Slow.DiscoveryDeadline(2) - TimeSpan.FromSeconds(1));
        Assert.True(await IsAlive("/user/discovery/run-1"), "the run ended before its deadline");
        Scheduler.Advance(TimeSpan.FromSeconds(1));

        var completed = requester.FishForMessage<DiscoveryCompleted>(m => m is DiscoveryCompleted, RealWait);
        Assert.Equal(["127.21.251.1+2"], completed.Unfinished.ToArray());
        Assert.Equal(0, completed.Found);
        await AwaitAssertAsync(async () => Assert.False(await IsAlive("/user/discovery/run-1")), RealWait);
    }

    [Fact]
    public async Task A_discovery_asked_for_while_another_runs_leaves_neither_requester_waiting()
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec"), Path.Combine(RepositoryPaths.DemoWalks, "demo-hp-color-m9555.snmprec")]);
        var settings = new CollectorSettings { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0, PacketsPerSecond = 0, Port = fleet[0].Port };
        await using var client = new SnmpClient();
        using var budget = new ProbeBudget(settings.Concurrency, 0);
        var registry = CreateTestProbe();
        var discovery = Sys.ActorOf(DiscoverySupervisor.Props(new LiveSettings(settings), client, budget, registry.Ref));
        var (first, second) = (CreateTestProbe(), CreateTestProbe());
        first.Send(discovery, new StartDiscovery([fleet.RangeText]));
        second.Send(discovery, new StartDiscovery([fleet[1].Address.ToString()]));

        var firstFound = new List<IPEndPoint>();
        var firstDone = first.FishForMessage<object>(m => Collect(m, firstFound) is DiscoveryCompleted, RealWait);
        var secondFound = new List<IPEndPoint>();
        var secondDone = second.FishForMessage<object>(m => Collect(m, secondFound) is DiscoveryCompleted, RealWait);

        Assert.Equal([fleet[0], fleet[1]], firstFound.OrderBy(e => e.ToString()));
        Assert.Equal([fleet[1]], secondFound);
        Assert.Equal(2, ((DiscoveryCompleted)firstDone).Found);
        Assert.Equal(1, ((DiscoveryCompleted)secondDone).Found);
        Assert.Empty(((DiscoveryCompleted)firstDone).Unfinished);
    }

    [Fact]
    public async Task A_scan_whose_printers_are_never_read_ends_at_its_stall_limit_with_them_listed()
    {
        var discovery = CreateTestProbe();
        var printer = new IPEndPoint(IPAddress.Parse("127.21.252.7"), 161);
        var settings = new CollectorSettings { Timeout = TimeSpan.FromSeconds(1), Retries = 1 };
        var scan = Scans.Run(Sys, discovery.Ref, settings, ["127.21.252.0/29"]);
        discovery.ExpectMsg<StartDiscovery>(RealWait);
        var coordinator = discovery.LastSender;
        coordinator.Tell(new DeviceFound(printer, CredentialProfile.V2c("public"), null));
        coordinator.Tell(new DiscoveryCompleted(8, 1, TimeSpan.FromSeconds(1), []));
        await Identified(coordinator); // both handled: the stall limit is on the clock

        var limit = settings.ReadDeadline * 2 + TimeSpan.FromSeconds(30);
        Scheduler.Advance(limit - TimeSpan.FromSeconds(1));
        await Identified(coordinator); // a stall message sent during the advance would have been handled by now
        Assert.False(scan.IsCompleted);
        Scheduler.Advance(TimeSpan.FromSeconds(1));

        var result = await scan.WaitAsync(RealWait);
        Assert.Empty(result.Snapshots);
        var unread = Assert.Single(result.Unreadable);
        Assert.Equal(printer, unread.EndPoint);
        Assert.Equal(new ReadDeadlineError(printer, limit), unread.Failure);
        Assert.False(result.Interrupted);
    }

    [Fact]
    public async Task A_scan_whose_discovery_never_reports_ends_after_the_discovery_deadline()
    {
        var discovery = CreateTestProbe();
        var settings = new CollectorSettings { Timeout = TimeSpan.FromSeconds(1), Retries = 1 };
        var scan = Scans.Run(Sys, discovery.Ref, settings, ["127.21.253.0/24"]);
        discovery.ExpectMsg<StartDiscovery>(RealWait);
        await Identified(discovery.LastSender);

        Scheduler.Advance(settings.DiscoveryDeadline(256) + TimeSpan.FromSeconds(30));

        var result = await scan.WaitAsync(RealWait);
        Assert.Equal(["discovery did not report by its deadline"], result.Discovery.Unfinished.ToArray());
        Assert.Empty(result.Snapshots);
    }

    [Fact]
    public async Task A_cancelled_scan_ends_at_once_with_what_it_has_and_lists_the_printers_not_read_yet()
    {
        var discovery = CreateTestProbe();
        var printer = new IPEndPoint(IPAddress.Parse("127.21.254.9"), 161);
        using var cancel = new CancellationTokenSource();
        var scan = Scans.Run(Sys, discovery.Ref, new CollectorSettings(), ["127.21.254.0/24"], cancellationToken: cancel.Token);
        discovery.ExpectMsg<StartDiscovery>(RealWait);
        discovery.LastSender.Tell(new DeviceFound(printer, CredentialProfile.V2c("public"), null));
        await Identified(discovery.LastSender);

        await cancel.CancelAsync();

        var result = await scan.WaitAsync(RealWait);
        Assert.True(result.Interrupted);
        Assert.Equal([printer], result.Pending.ToArray());
        Assert.Empty(result.Snapshots);
    }

    private static object Collect(object message, List<IPEndPoint> found)
    {
        if (message is DeviceFound f)
        {
            found.Add(f.EndPoint);
        }

        return message;
    }

    private async Task<bool> IsAlive(string path)
    {
        var identity = await Sys.ActorSelection(path).Ask<ActorIdentity>(new Identify(path), RealWait);
        return identity.Subject is not null;
    }

    /// <summary>Returns once <paramref name="actor"/> has handled every message sent to it before.</summary>
    private static Task Identified(IActorRef actor) => actor.Ask<ActorIdentity>(new Identify(null), RealWait);
}
