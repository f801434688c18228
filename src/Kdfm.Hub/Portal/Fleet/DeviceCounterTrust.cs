using Kdfm.Hub.Storage;
using Kdfm.Printers.Meters;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// The across-readings check (<see cref="MeterTrust"/>) when one device's new readings are stored as
/// <see cref="DeviceCounter"/> rows, inside the caller's transaction. Readings come late (a collector's outbox resends
/// what it could not upload): each new reading is checked against the last trusted value before its own collectedAt, from
/// the stored rows and the new ones together, and the stored rows taken after the earliest new reading are checked
/// again and rewritten where their flags or billing value change. Per counter the check starts from the last trusted
/// row before the earliest new reading and the row before that one (the state <see cref="MeterTrust"/> keeps); what the
/// rows before them carry (a new baseline, an outlier) was decided and stays.
/// </summary>
public sealed class DeviceCounterTrust(HubDb db)
{
    /// <summary>A new reading of the device and its counters (<see cref="SnapshotSummary.Counters"/>).</summary>
    public sealed record NewReading(long ReadingId, DateTimeOffset CollectedAt, IReadOnlyList<SnapshotSummary.Counter> Counters);

    /// <summary>Adds the rows of <paramref name="readings"/> (saved with the caller's changes) and rewrites the stored rows whose check changed; returns how many it rewrote.</summary>
    public async Task<int> ApplyAsync(int tenantId, string deviceKey, IReadOnlyList<NewReading> readings, CancellationToken cancellationToken)
    {
        if (readings.Count == 0)
        {
            return 0;
        }

        var earliest = readings.Min(r => r.CollectedAt);
        string[] names = [.. readings.SelectMany(r => r.Counters.Select(c => c.Name)).Distinct(StringComparer.Ordinal)];
        var device = db.DeviceCounters.AsNoTracking().Where(c => c.TenantId == tenantId && c.DeviceKey == deviceKey && names.Contains(c.Name));

        // The last trusted row before the earliest new reading, per counter (two at the very same time: the later stored).
        var trustedBefore = device.Where(c => c.Flags == null && c.CollectedAt < earliest);
        var lastAt = trustedBefore.GroupBy(c => c.Name).Select(g => new { Name = g.Key, At = g.Max(c => c.CollectedAt) });
        var last = (await (from l in lastAt
                           join c in trustedBefore on new { l.Name, l.At } equals new { c.Name, At = c.CollectedAt }
                           select c).ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.MaxBy(c => c.ReadingId)!, StringComparer.Ordinal);

        // The row before it that the check looked at (trusted, or the hub's own flag; a collector-flagged row changes nothing).
        var checkedRows = device.Where(c => c.Flags == null || c.Flags == MeterFlags.WentBackwards || c.Flags == MeterFlags.Outlier);
        var previousAt = from c in checkedRows
                         join l in lastAt on c.Name equals l.Name
                         where c.CollectedAt < l.At
                         group c by c.Name into g
                         select new { Name = g.Key, At = g.Max(c => c.CollectedAt) };
        var previous = (await (from p in previousAt
                               join c in checkedRows on new { p.Name, p.At } equals new { c.Name, At = c.CollectedAt }
                               select c).ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.MaxBy(c => c.ReadingId)!, StringComparer.Ordinal);

        // The stored rows after those: every row from the earliest new reading on, and the flagged ones before it (the
        // rows between the last trusted one and the earliest new reading are flagged, by what "last trusted" means).
        var since = last.Count == 0 ? earliest : last.Values.Min(c => c.CollectedAt);
        var stored = await device.Where(c => c.CollectedAt >= earliest || (c.Flags != null && c.CollectedAt >= since))
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        int rewritten = 0;
        foreach (string name in names)
        {
            var from = last.GetValueOrDefault(name);
            var before = previous.GetValueOrDefault(name) is { Flags: null } p && from is not null && p.BillingValue - p.Value == from.BillingValue - from.Value ? p : null;
            var window = stored.Where(c => c.Name == name && (from is null ? c.CollectedAt >= earliest : After(c, from)))
                .Select(c => (Stored: (DeviceCounter?)c, c.ReadingId, c.CollectedAt, Reading: new MeterTrust.Reading(c.Value, CollectorFlags(c.Flags)), Fresh: (NewReading?)null))
                .Concat(readings.SelectMany(r => r.Counters.Where(c => c.Name == name)
                    .Select(c => (Stored: (DeviceCounter?)null, r.ReadingId, r.CollectedAt, Reading: new MeterTrust.Reading(c.Value, c.Flags), Fresh: (NewReading?)r))))
                .OrderBy(x => x.CollectedAt).ThenBy(x => x.ReadingId)
                .ToList();
            var start = new[] { before, from }.OfType<DeviceCounter>()
                .Select(c => (Stored: (DeviceCounter?)c, c.ReadingId, c.CollectedAt, Reading: new MeterTrust.Reading(c.Value), Fresh: (NewReading?)null));
            var all = start.Concat(window).ToList();
            long offset = (before ?? from) is { } first ? first.BillingValue - first.Value : 0;
            var rows = MeterTrust.Check([.. all.Select(x => x.Reading)], offset);
            for (int i = 0; i < all.Count; i++)
            {
                if (all[i].Fresh is { } fresh)
                {
                    db.DeviceCounters.Add(new DeviceCounter
                    {
                        ReadingId = fresh.ReadingId, Name = name, TenantId = tenantId, DeviceKey = deviceKey, CollectedAt = fresh.CollectedAt,
                        Value = all[i].Reading.Value, Flags = rows[i].Flags, BillingValue = rows[i].BillingValue,
                    });
                }
                else if (all[i].Stored is { } row && (row.Flags != rows[i].Flags || row.BillingValue != rows[i].BillingValue))
                {
                    var (flags, billing) = rows[i];
                    await db.DeviceCounters.Where(c => c.ReadingId == row.ReadingId && c.Name == name)
                        .ExecuteUpdateAsync(u => u.SetProperty(c => c.Flags, flags).SetProperty(c => c.BillingValue, billing), cancellationToken).ConfigureAwait(false);
                    rewritten++;
                }
            }
        }

        return rewritten;
    }

    /// <summary>Taken after <paramref name="row"/>: later, or at the same time and stored later.</summary>
    private static bool After(DeviceCounter candidate, DeviceCounter row) =>
        candidate.CollectedAt > row.CollectedAt || (candidate.CollectedAt == row.CollectedAt && candidate.ReadingId > row.ReadingId);

    /// <summary>The collector's flags of a stored row: its flags without the hub's (which the check gives again).</summary>
    private static string? CollectorFlags(string? flags) =>
        flags?.Split(',').Where(MeterFlags.IsCollector).ToList() is { Count: > 0 } known ? string.Join(',', known) : null;
}
