using System.Collections.Immutable;
using System.Net;
using Kdfm.Collector.Configuration;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Devices;

/// <summary>
/// What a device actor knows, and its pure transitions: tested without Akka. Events out, new state back.
/// </summary>
public sealed record DeviceState(string Key, IPEndPoint EndPoint, CredentialProfile Profile, DeviceSnapshot? Last, int ConsecutiveFailures, bool Down)
{
    /// <summary>SNAPSHOT.md's status of a device that stopped answering.</summary>
    public const string DownStatus = "down";

    /// <summary>When the automatic ping of this down period last ran (the actor's clock); null while the device answers.</summary>
    public DateTimeOffset? PingedAt { get; init; }

    /// <summary>What the last stored down reading's ping said (<see cref="Icmp.AutomaticPing"/>); null while the device answers.</summary>
    public string? Reachability { get; init; }

    /// <summary>A reading: failures reset; every counter lower than before becomes a <see cref="CounterWentBackwards"/>.</summary>
    public (DeviceState State, ImmutableArray<object> Events) Polled(DeviceSnapshot snapshot, IPEndPoint from)
    {
        var events = ImmutableArray.CreateBuilder<object>();
        if (!from.Equals(EndPoint))
        {
            events.Add(new DeviceMoved(Key, EndPoint, from));
        }

        if (Last is not null)
        {
            foreach (var counter in snapshot.Counters)
            {
                var before = Last.Counters.FirstOrDefault(c => c.Oid == counter.Oid && c.Name == counter.Name);
                if (before is not null && counter.Value < before.Value)
                {
                    events.Add(new CounterWentBackwards(Key, counter.Name, counter.Oid, before.Value, counter.Value));
                }
            }
        }

        events.Add(new DevicePolled(Key, from, snapshot));
        return (this with { EndPoint = from, Last = Kept(snapshot), ConsecutiveFailures = 0, Down = false, PingedAt = null, Reachability = null }, events.ToImmutable());
    }

    /// <summary>
    /// A reading replayed from the journal: the device's last reading, or a down reading, which only says what the ping found
    /// (so that the same outcome is not stored again after a restart).
    /// </summary>
    public DeviceState Recovered(DeviceSnapshot reading) =>
        reading.Status == DownStatus && reading.Ping is not null ? this with { Reachability = reading.Ping } : this with { Last = Kept(reading), Reachability = null };

    /// <summary>A down device is pinged once per poll interval at most (a poll-now or a claim reads it more often).</summary>
    public bool PingDue(DateTimeOffset now, CollectorSettings settings) => Down && (PingedAt is not { } at || now - at >= settings.PollInterval);

    /// <summary>
    /// The automatic ping's outcome: a down reading to store (and <see cref="DevicePinged"/>) when it differs from the last
    /// one stored — the first of a down period always does — else nothing but the time.
    /// </summary>
    public (DeviceState State, ImmutableArray<object> Events, DeviceSnapshot? Reading) Pinged(string reachability, DateTimeOffset now, DateTimeOffset collectedAt)
    {
        var next = this with { PingedAt = now, Reachability = reachability };
        return reachability == Reachability
            ? (next, [], null)
            : (next, [new DevicePinged(Key, EndPoint, reachability)], DownReading(reachability, collectedAt));
    }

    /// <summary>
    /// What the collector says of a device that stopped answering: its identity as last read (the key, and what names the
    /// device), its address, status <c>down</c> and the ping's outcome; nothing read now is claimed (no counters, supplies,
    /// alerts: SNAPSHOT.md never invents a value).
    /// </summary>
    public DeviceSnapshot DownReading(string reachability, DateTimeOffset collectedAt) => new()
    {
        Key = Key, Address = EndPoint.Address.ToString(), CollectedAt = collectedAt, SysObjectId = Last?.SysObjectId, SysName = Last?.SysName,
        Vendor = Last?.Vendor, Engine = Last?.Engine, Model = Last?.Model, Serial = Last?.Serial, Firmware = Last?.Firmware, Mac = Last?.Mac,
        Status = DownStatus, Ping = reachability,
    };

    /// <summary>
    /// What a device actor keeps in memory of its last reading: identity and counters (what the next reading is compared
    /// with). Supplies, trays, alerts and texts are in the journal and the events; with 10,000 devices in memory they were
    /// most of the collector's heap (bench fullpoll).
    /// </summary>
    public static DeviceSnapshot Kept(DeviceSnapshot snapshot) => snapshot with
    {
        SysDescr = null, SysLocation = null, SysContact = null, Display = [], Alerts = [], Supplies = [], Trays = [], Warnings = [], Errors = [], Snmp = null,
    };

    /// <summary>A failed poll: after <see cref="CollectorSettings.FailuresBeforeDown"/> in a row the device is down (said once).</summary>
    public (DeviceState State, ImmutableArray<object> Events) Failed(Kdfm.Snmp.Transport.SnmpError failure, CollectorSettings settings)
    {
        int failures = ConsecutiveFailures + 1;
        bool down = failures >= settings.FailuresBeforeDown;
        var events = ImmutableArray.CreateBuilder<object>();
        events.Add(new PollFailed(Key, EndPoint, failure, failures));
        if (down && !Down)
        {
            events.Add(new DeviceWentDown(Key, EndPoint));
        }

        return (this with { ConsecutiveFailures = failures, Down = down }, events.ToImmutable());
    }

    /// <summary>
    /// When to poll next: the interval while healthy; after failures, quickly at first (the timeout × 2^n, so a lost
    /// reply is retried soon) and then no faster than the interval doubled per failure, capped at 4 hours.
    /// </summary>
    public TimeSpan NextPoll(CollectorSettings settings)
    {
        if (ConsecutiveFailures == 0)
        {
            return settings.PollInterval;
        }

        double factor = Math.Pow(2, Math.Min(ConsecutiveFailures - 1, 8));
        var delay = ConsecutiveFailures < settings.FailuresBeforeDown
            ? TimeSpan.FromTicks((long)(settings.Timeout.Ticks * 4 * factor))
            : TimeSpan.FromTicks((long)(settings.PollInterval.Ticks * factor / 4));
        return delay > TimeSpan.FromHours(4) ? TimeSpan.FromHours(4) : delay;
    }
}
