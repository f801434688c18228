using System.Net;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Tests;

/// <summary>The device actor's pure transitions, without Akka.</summary>
public class DeviceStateTests
{
    private static readonly IPEndPoint Here = new(IPAddress.Parse("127.20.0.5"), 161);
    private static readonly CollectorSettings Settings = new() { PollInterval = TimeSpan.FromMinutes(15), Timeout = TimeSpan.FromSeconds(1), FailuresBeforeDown = 3 };

    private static DeviceSnapshot Snapshot(long total, long mono) => new()
    {
        Key = "kyocera:VCF9192281",
        Counters = [new Counter("total", total, "impressions", "1.3.6.1.2.1.43.10.2.1.4.1.1"), new Counter("print.mono", mono, null, "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1")],
    };

    private static DeviceState Initial => new("kyocera:VCF9192281", Here, CredentialProfile.V2c("public"), Snapshot(1000, 800), 0, false);

    [Fact]
    public void A_counter_that_went_backwards_is_an_event_not_a_negative_delta()
    {
        var (state, events) = Initial.Polled(Snapshot(1200, 10), Here);
        var backwards = Assert.Single(events.OfType<CounterWentBackwards>());
        Assert.Equal(("print.mono", 800L, 10L), (backwards.Counter, backwards.Previous, backwards.Current));
        Assert.Single(events.OfType<DevicePolled>());
        Assert.Equal(1200, state.Last!.Counters[0].Value);
    }

    [Fact]
    public void Repeated_failures_back_off_and_report_the_device_down_once()
    {
        var state = Initial;
        var delays = new List<TimeSpan>();
        var downs = 0;
        for (int i = 0; i < 5; i++)
        {
            (state, var events) = state.Failed(new TimeoutError(Here, 1), Settings);
            downs += events.OfType<DeviceWentDown>().Count();
            delays.Add(state.NextPoll(Settings));
        }

        Assert.Equal(1, downs);
        Assert.True(state.Down);
        Assert.Equal([TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(60)], delays);

        (state, var back) = state.Polled(Snapshot(1001, 801), Here);
        Assert.False(state.Down);
        Assert.Equal(0, state.ConsecutiveFailures);
        Assert.Equal(Settings.PollInterval, state.NextPoll(Settings));
        Assert.Empty(back.OfType<CounterWentBackwards>());
    }

    [Fact]
    public void A_down_device_is_pinged_once_per_poll_interval_and_a_new_outcome_becomes_a_down_reading()
    {
        var t0 = new DateTimeOffset(2026, 11, 29, 10, 0, 0, TimeSpan.Zero);
        var identity = Snapshot(1000, 800) with { Vendor = "Kyocera", Model = "ECOSYS M2040dn", Serial = "VCF9192281", SysName = "KM-OFFICE-2", Mac = "00:17:c8:12:34:56" };
        var state = Initial with { Last = DeviceState.Kept(identity) };
        Assert.False(state.PingDue(t0, Settings)); // answering: never pinged
        for (int i = 0; i < 3; i++)
        {
            (state, _) = state.Failed(new TimeoutError(Here, 1), Settings);
        }

        Assert.True(state.PingDue(t0, Settings));
        var (pinged, events, reading) = state.Pinged(Icmp.AutomaticPing.Replied, t0, t0.AddSeconds(1));
        Assert.Equal(new DevicePinged("kyocera:VCF9192281", Here, "replied"), Assert.Single(events));
        Assert.Equal(SnapshotJson.Serialize(new DeviceSnapshot
        {
            Key = "kyocera:VCF9192281", Address = "127.20.0.5", CollectedAt = t0.AddSeconds(1), Vendor = "Kyocera", Model = "ECOSYS M2040dn", Serial = "VCF9192281",
            SysName = "KM-OFFICE-2", Mac = "00:17:c8:12:34:56", Status = "down", Ping = "replied",
        }), SnapshotJson.Serialize(reading!));
        Assert.Equal(identity.Counters, pinged.Last!.Counters); // the last reading stays what new ones are compared with

        Assert.False(pinged.PingDue(t0 + Settings.PollInterval - TimeSpan.FromSeconds(1), Settings));
        Assert.True(pinged.PingDue(t0 + Settings.PollInterval, Settings));
        var (same, none, nothing) = pinged.Pinged(Icmp.AutomaticPing.Replied, t0 + Settings.PollInterval, t0);
        Assert.Equal((t0 + Settings.PollInterval, 0, null), (same.PingedAt!.Value, none.Length, nothing));
        var (changed, _, noReply) = same.Pinged(Icmp.AutomaticPing.NoReply, t0 + 2 * Settings.PollInterval, t0);
        Assert.Equal(("down", "noReply"), (noReply!.Status, noReply.Ping));

        // Answering again ends the down period: the next one starts with a ping and a reading of its own.
        var (back, _) = changed.Polled(Snapshot(1001, 801), Here);
        Assert.Equal((null, null, false), (back.PingedAt, back.Reachability, back.PingDue(t0, Settings)));

        // Replayed from the journal: a down reading says only what the ping found; the last reading stays the device's.
        var recovered = Initial.Recovered(noReply);
        Assert.Equal("noReply", recovered.Reachability);
        Assert.Equal(Initial.Last!.Counters.AsEnumerable(), recovered.Last!.Counters);
        Assert.Equal((null, 1200L), (recovered.Recovered(Snapshot(1200, 900)).Reachability, recovered.Recovered(Snapshot(1200, 900)).Last!.Counters[0].Value));
    }

    [Fact]
    public void A_reading_from_another_address_moves_the_device_and_keeps_its_key()
    {
        var moved = new IPEndPoint(IPAddress.Parse("127.20.0.77"), 161);
        var (state, events) = Initial.Polled(Snapshot(1001, 801), moved);
        Assert.Equal(new DeviceMoved("kyocera:VCF9192281", Here, moved), events.OfType<DeviceMoved>().Single());
        Assert.Equal(moved, state.EndPoint);
        Assert.Equal("kyocera:VCF9192281", state.Key);
    }

    [Fact]
    public void Bad_settings_are_refused_naming_the_key()
    {
        var bad = new CollectorSettings { Targets = ["127.20.0.0/22", "127.20.0.300"], Exclusions = ["nope"], Profiles = [], Port = 0, Retries = 99 };
        var problems = bad.Validate();
        Assert.Contains(problems, p => p.StartsWith("Collector:Targets[1]:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Collector:Exclusions[0]:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Collector:Profiles:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Collector:Port:", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Collector:Retries:", StringComparison.Ordinal));
        Assert.Empty(new CollectorSettings { Targets = ["127.20.0.0/22", "printer.example"] }.Validate());
    }
}
