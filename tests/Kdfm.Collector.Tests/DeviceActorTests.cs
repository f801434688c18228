using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>Device actors on virtual time: schedules and back-off advance with the test scheduler, reads go over real sockets.</summary>
public sealed class DeviceActorTests() : TestKit(Akka.Configuration.ConfigurationFactory
    .ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
    .WithFallback(CollectorConfig.InMemoryStore).WithFallback(CollectorConfig.Defaults))
{
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(10);

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    [Fact]
    public async Task A_silent_device_backs_off_and_goes_down_while_a_healthy_one_keeps_its_schedule()
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")]);
        await using var client = new SnmpClient();
        using var gate = new Kdfm.Collector.Polling.ReadGate(8);
        var settings = new CollectorSettings { PollInterval = TimeSpan.FromMinutes(15), Timeout = TimeSpan.FromSeconds(1), Retries = 0, FailuresBeforeDown = 2 };
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(DevicePolled));
        Sys.EventStream.Subscribe(events.Ref, typeof(PollFailed));
        Sys.EventStream.Subscribe(events.Ref, typeof(DeviceWentDown));

        var silentEndPoint = new IPEndPoint(IPAddress.Parse("127.21.250.250"), fleet[0].Port);
        var healthy = new DeviceState("kyocera:VKD7100042", fleet[0], CredentialProfile.V2c("public"), null, 0, false);
        var silent = new DeviceState("ip:127.21.250.250", silentEndPoint, CredentialProfile.V2c("public"), null, 0, false);
        var actors = new[]
        {
            Sys.ActorOf(DeviceActor.Props(healthy, null, client, gate, settings, TimeProvider.System), "healthy"),
            Sys.ActorOf(DeviceActor.Props(silent, null, client, gate, settings, TimeProvider.System), "silent"),
        };
        foreach (var actor in actors)
        {
            // Answered once recovery is over, i.e. once the first poll is scheduled on the virtual clock: nothing read before it.
            Assert.False((await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait)).Reading);
        }

        Scheduler.Advance(settings.PollInterval);
        var first = new[] { events.ExpectMsg<object>(RealWait), events.ExpectMsg<object>(RealWait) };
        Assert.Equal("kyocera:VKD7100042", first.OfType<DevicePolled>().Single().Key);
        Assert.Equal(silentEndPoint, first.OfType<PollFailed>().Single().EndPoint);

        // The silent one retries soon (4 × timeout: 4 s), the healthy one waits for its interval. The handlers that announced the
        // readings have set the next timers once the actors answer: only then advance.
        foreach (var actor in actors)
        {
            await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait);
        }

        Scheduler.Advance(TimeSpan.FromMilliseconds(3999));
        foreach (var actor in actors)
        {
            Assert.False((await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait)).Reading);
        }

        Scheduler.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(2, events.ExpectMsg<PollFailed>(RealWait).ConsecutiveFailures);
        Assert.Equal(silentEndPoint, events.ExpectMsg<DeviceWentDown>(RealWait).EndPoint);

        // Down: no faster than a quarter of the interval doubled; the healthy device is polled on time regardless.
        await actors[1].Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait);
        Scheduler.Advance(settings.PollInterval - TimeSpan.FromMilliseconds(4000));
        var second = new[] { events.ExpectMsg<object>(RealWait), events.ExpectMsg<object>(RealWait) };
        Assert.Single(second.OfType<DevicePolled>());
        Assert.Single(second.OfType<PollFailed>());
    }

    [Fact]
    public async Task A_device_stays_in_memory_between_far_apart_polls_keeping_only_what_the_next_reading_is_compared_with()
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")]);
        await using var client = new SnmpClient();
        using var gate = new Kdfm.Collector.Polling.ReadGate(8);
        // Generous real-time SNMP timeouts: the test suite runs projects in parallel on two cores.
        var settings = new CollectorSettings { PollInterval = TimeSpan.FromHours(4), SnapshotEvery = 1, Timeout = TimeSpan.FromSeconds(2), Retries = 2 };
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(DevicePolled));
        var state = new DeviceState("kyocera:VKD7100042", fleet[0], CredentialProfile.V2c("public"), null, 0, false);
        var actor = Sys.ActorOf(DeviceActor.Props(state, null, client, gate, settings, TimeProvider.System), "far");
        Assert.False((await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait)).Reading);

        Scheduler.Advance(settings.PollInterval);
        var first = events.ExpectMsg<DevicePolled>(RealWait);
        Assert.NotEmpty(first.Snapshot.Supplies);

        // Lean between polls: identity and counters only (supplies, alerts and texts are in the journal and were published).
        var kept = (await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait)).State.Last!;
        Assert.Equal(first.Snapshot.Counters.Select(c => (c.Name, c.Value)), kept.Counters.Select(c => (c.Name, c.Value)));
        Assert.Empty(kept.Supplies);
        Assert.Null(kept.SysDescr);

        // Still alive on its timer: polled again exactly one interval later, not before.
        Scheduler.Advance(settings.PollInterval - TimeSpan.FromSeconds(1));
        Assert.False((await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait)).Reading);
        Scheduler.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(first.Key, events.ExpectMsg<DevicePolled>(RealWait).Key);
    }
}
