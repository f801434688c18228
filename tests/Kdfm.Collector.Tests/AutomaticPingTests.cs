using System.Net;
using Akka.Actor;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Gateway;
using Kdfm.Collector.Icmp;
using Kdfm.Printers;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Snmprec;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>
/// A device that stops answering SNMP gets an automatic ping, and the reading the collector stores (and uploads) says which:
/// down, or up with its SNMP agent silent. Device actors on virtual time over real sockets (kdfm-sim, one fleet with
/// <c>--silent 1</c>), their readings in a SQLite journal read back as the outbox reads it.
/// </summary>
public sealed class AutomaticPingTests : TestKit
{
    private static readonly TimeSpan RealWait = TimeSpan.FromSeconds(20);
    private static readonly CollectorSettings Settings = new()
    {
        PollInterval = TimeSpan.FromMinutes(15), Timeout = TimeSpan.FromMilliseconds(200), Retries = 0, FailuresBeforeDown = 2, SnapshotEvery = 1000,
    };

    private readonly TempDirectory _store;

    public AutomaticPingTests() : this(new TempDirectory("kdfm-autoping-"))
    {
    }

    private AutomaticPingTests(TempDirectory store) : base(Config(store))
    {
        _store = store;
    }

    private string StorePath => _store["collector.db"];

    private TestScheduler Scheduler => (TestScheduler)Sys.Scheduler;

    private static Akka.Configuration.Config Config(TempDirectory store)
    {
        CollectorConfig.PrepareStore(store["collector.db"]);
        return Akka.Configuration.ConfigurationFactory.ParseString("akka.scheduler.implementation = \"Akka.TestKit.TestScheduler, Akka.TestKit\"")
            .WithFallback(CollectorConfig.SqliteStore(store["collector.db"])).WithFallback(CollectorConfig.Defaults);
    }

    /// <summary>The device a walk describes, as its last reading before it fell silent.</summary>
    private static DeviceSnapshot LastReading(string walk, IPEndPoint at) => PrinterInterpreter.Interpret(
        SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.DemoWalks, walk)).Rows, new SnapshotContext(at.Address.ToString(), DateTimeOffset.UtcNow));

    /// <summary>The stored readings, as the outbox will upload them.</summary>
    private List<DeviceSnapshot> Stored() => [.. new JournalOutbox(StorePath).NextBatch(new JournalOutbox.Position(0, 0, true), 1000).Select(p => p.Snapshot!)];

    [Fact]
    public async Task A_silent_simulated_device_answers_ping_so_its_reading_says_snmp_silent_and_one_that_answers_snmp_is_not_pinged()
    {
        await using var healthyFleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")]);
        await using var silentFleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-hp-color-m9555.snmprec")], null, null, "public",
            o => o with { SilentFraction = 1 });
        await using var client = new SnmpClient();
        using var gate = new Kdfm.Collector.Polling.ReadGate(8);
        var events = CreateTestProbe();
        foreach (var type in new[] { typeof(DevicePolled), typeof(PollFailed), typeof(DeviceWentDown), typeof(DevicePinged) })
        {
            Sys.EventStream.Subscribe(events.Ref, type);
        }

        var last = LastReading("demo-hp-color-m9555.snmprec", silentFleet[0]);
        var silent = new DeviceState(last.Key, silentFleet[0], CredentialProfile.V2c("public"), DeviceState.Kept(last), 0, false);
        var healthy = new DeviceState("kyocera:VKD7100042", healthyFleet[0], CredentialProfile.V2c("public"), null, 0, false);
        var silentActor = Sys.ActorOf(DeviceActor.Props(silent, null, client, gate, Settings, TimeProvider.System, SystemEcho.Shared), "silent");
        var healthyActor = Sys.ActorOf(DeviceActor.Props(healthy, null, client, gate, Settings, TimeProvider.System, SystemEcho.Shared), "healthy");
        foreach (var actor in new[] { silentActor, healthyActor })
        {
            Assert.False((await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait)).Reading);
        }

        // First poll: the healthy one is read; the silent one fails, retries 4 × timeout later, fails again and is down.
        Scheduler.Advance(Settings.PollInterval);
        var first = new[] { events.ExpectMsg<object>(RealWait), events.ExpectMsg<object>(RealWait) };
        Assert.Equal("kyocera:VKD7100042", first.OfType<DevicePolled>().Single().Key);
        Assert.Equal(last.Key, first.OfType<PollFailed>().Single().Key);
        Scheduler.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Equal(2, events.ExpectMsg<PollFailed>(RealWait).ConsecutiveFailures);
        Assert.Equal(new DeviceWentDown(last.Key, silentFleet[0]), events.ExpectMsg<DeviceWentDown>(RealWait));
        // kdfm-sim's silent device is a loopback address: the kernel answers its echo requests.
        Assert.Equal(new DevicePinged(last.Key, silentFleet[0], AutomaticPing.Replied), events.ExpectMsg<DevicePinged>(RealWait));

        var stored = Stored();
        var down = Assert.Single(stored, s => s.Key == last.Key);
        Assert.Equal(("down", "replied", silentFleet[0].Address.ToString()), (down.Status, down.Ping, down.Address));
        Assert.Equal((last.Vendor, last.Model, last.Serial, last.Mac, last.SysName), (down.Vendor, down.Model, down.Serial, down.Mac, down.SysName));
        Assert.Empty(down.Counters); // nothing is claimed that was not read now
        Assert.Empty(down.Supplies);
        Assert.Contains("\"ping\": \"replied\"", SnapshotJson.Serialize(down), StringComparison.Ordinal);
        var read = Assert.Single(stored, s => s.Key == "kyocera:VKD7100042");
        Assert.Equal((null, false), (read.Ping, read.Status == "down"));
        Assert.DoesNotContain("\"ping\"", SnapshotJson.Serialize(read), StringComparison.Ordinal);

        // Down, it is polled again 7.5 min later (failures back off: virtual time moves on here only when the test says),
        // less than a poll interval after its ping: no ping then. The healthy device is polled on time, and never pinged.
        var pingedAt = (await silentActor.Ask<DeviceState>(new DeviceActor.GetDeviceState(), RealWait)).PingedAt;
        Scheduler.Advance(Settings.PollInterval - TimeSpan.FromMilliseconds(800));
        var second = new[] { events.ExpectMsg<object>(RealWait), events.ExpectMsg<object>(RealWait) };
        Assert.Equal("kyocera:VKD7100042", second.OfType<DevicePolled>().Single().Key);
        Assert.Equal(3, second.OfType<PollFailed>().Single().ConsecutiveFailures);
        var unpinged = await Eventually.Value(() => silentActor.Ask<DeviceState>(new DeviceActor.GetDeviceState(), RealWait), s => s.ConsecutiveFailures == 3, "the third failed poll");
        Assert.Equal(pingedAt, unpinged.PingedAt);

        // Its next poll, 15 min after that one, is more than an interval after the ping: pinged again; the same outcome stores nothing new.
        Scheduler.Advance(Settings.PollInterval);
        var third = new[] { events.ExpectMsg<object>(RealWait), events.ExpectMsg<object>(RealWait) };
        Assert.Equal("kyocera:VKD7100042", third.OfType<DevicePolled>().Single().Key);
        Assert.Equal(4, third.OfType<PollFailed>().Single().ConsecutiveFailures);
        var again = await Eventually.Value(() => silentActor.Ask<DeviceState>(new DeviceActor.GetDeviceState(), RealWait), s => s.PingedAt != pingedAt, "a second ping");
        Assert.Equal((AutomaticPing.Replied, Scheduler.Now), (again.Reachability, again.PingedAt!.Value));
        await silentActor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait);
        events.ExpectNoMsg(TimeSpan.Zero);
        Assert.Equal(3, Stored().Count(s => s.Key == "kyocera:VKD7100042"));
        Assert.Single(Stored(), s => s.Key == last.Key);
        Assert.Null((await healthyActor.Ask<DeviceState>(new DeviceActor.GetDeviceState(), RealWait)).PingedAt);
    }

    [Fact]
    public async Task A_device_without_echo_reply_is_down_and_is_pinged_at_most_once_per_poll_interval()
    {
        await using var silentFleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-ricoh-mpc9999.snmprec")], null, null, "public",
            o => o with { SilentFraction = 1 });
        await using var client = new SnmpClient();
        using var gate = new Kdfm.Collector.Polling.ReadGate(8);
        var echo = FakeEcho.Always(Echo.TimedOut);
        var events = CreateTestProbe();
        Sys.EventStream.Subscribe(events.Ref, typeof(PollFailed));
        Sys.EventStream.Subscribe(events.Ref, typeof(DevicePinged));
        var last = LastReading("demo-ricoh-mpc9999.snmprec", silentFleet[0]);
        var actor = Sys.ActorOf(DeviceActor.Props(new DeviceState(last.Key, silentFleet[0], CredentialProfile.V2c("public"), DeviceState.Kept(last), 0, false),
            null, client, gate, Settings, TimeProvider.System, echo), "silent");
        await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait);

        Scheduler.Advance(Settings.PollInterval);
        events.ExpectMsg<PollFailed>(RealWait);
        // The handler that announced the failure has set the back-off timer once the actor answers: only then advance.
        await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait);
        Scheduler.Advance(TimeSpan.FromMilliseconds(800));
        Assert.Equal(2, events.ExpectMsg<PollFailed>(RealWait).ConsecutiveFailures);
        Assert.Equal(AutomaticPing.NoReply, events.ExpectMsg<DevicePinged>(RealWait).Reachability);
        Assert.Equal(AutomaticPing.Probes, echo.Sent); // both probes went unanswered
        var down = Assert.Single(Stored());
        Assert.Equal(("down", "noReply"), (down.Status, down.Ping));

        // Polls asked for meanwhile (poll-now) fail as well, and ping nothing: the last ping is less than an interval old.
        for (int i = 0; i < 3; i++)
        {
            actor.Tell(new PollDevice());
            events.ExpectMsg<PollFailed>(RealWait);
            await actor.Ask<DeviceActor.PollStatus>(new DeviceActor.GetPollStatus(), RealWait);
            Assert.Equal(AutomaticPing.Probes, echo.Sent);
        }

        // A poll interval after the ping, the next failed poll (here one asked for: the backed-off timer is an hour away) pings
        // again; the same outcome stores no new reading.
        Scheduler.Advance(Settings.PollInterval);
        actor.Tell(new PollDevice());
        events.ExpectMsg<PollFailed>(RealWait);
        var again = await Eventually.Value(() => actor.Ask<DeviceState>(new DeviceActor.GetDeviceState(), RealWait), s => s.PingedAt == Scheduler.Now, "the second ping");
        Assert.Equal((AutomaticPing.NoReply, 2 * AutomaticPing.Probes), (again.Reachability, echo.Sent));
        events.ExpectNoMsg(TimeSpan.Zero);
        Assert.Single(Stored());
    }

    [Fact]
    public async Task The_automatic_ping_stops_at_the_first_reply_and_says_unknown_when_the_collector_cannot_ping()
    {
        var address = IPAddress.Parse("127.20.0.5");
        int n = 0;
        var secondReplies = new FakeEcho((_, size) => Task.FromResult(Interlocked.Increment(ref n) == 1 ? new Echo(Echo.TimedOut, 0, size) : new Echo(Echo.Success, 0.2, size)));
        var cannot = FakeEcho.Throwing(SystemEcho.Unavailable(new PlatformNotSupportedException())!);
        var always = FakeEcho.Always(Echo.Success);

        Assert.Equal(AutomaticPing.Replied, await AutomaticPing.CheckAsync(always, address, CancellationToken.None));
        Assert.Equal(1, always.Sent);
        Assert.Equal(AutomaticPing.Replied, await AutomaticPing.CheckAsync(secondReplies, address, CancellationToken.None));
        Assert.Equal(2, secondReplies.Sent);
        Assert.Equal(AutomaticPing.Unknown, await AutomaticPing.CheckAsync(cannot, address, CancellationToken.None));
        Assert.Equal(AutomaticPing.NoReply, await AutomaticPing.CheckAsync(FakeEcho.Always("destination-host-unreachable"), address, CancellationToken.None));
    }

    protected override void AfterAll()
    {
        base.AfterAll();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _store.Dispose();
    }
}
