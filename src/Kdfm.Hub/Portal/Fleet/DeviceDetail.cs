using System.Text.Json;
using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// One device for its page: found by (tenant, key) inside the caller's scope only — another tenant's device is not found,
/// whatever its key — with its latest snapshot, its counters over time (from <see cref="DeviceCounter"/>, no JSON read)
/// and its readings, a page at a time.
/// </summary>
public sealed class DeviceDetail(HubDb db)
{
    public const int ReadingsPageSize = 25;

    /// <summary>How far back the chart and the deltas look.</summary>
    public static readonly TimeSpan History = TimeSpan.FromDays(400);

    /// <summary>The chart's most points a counter: beyond it, evenly thinned (the last point always kept).</summary>
    public const int MaxChartPoints = 2000;

    public sealed record Found(DeviceRow Device, int TenantId, string AgentId, long Readings, SnapshotView? Snapshot);

    /// <summary>A counter reading that cannot be trusted for billing (issue 14): its value, what billing uses instead, and why.</summary>
    public sealed record Untrusted(DateTimeOffset CollectedAt, string Counter, long Value, long BillingValue, string Flags);

    public sealed record ReadingLine(long Id, DateTimeOffset CollectedAt, DateTimeOffset ReceivedAt, string AgentId, long Sequence, long? Total);

    /// <summary>The chart's data, as uPlot takes it: times in Unix seconds, one array of values a counter (null where a reading lacks it).</summary>
    public sealed record Chart(long[] Times, IReadOnlyList<ChartSeries> Series);

    public sealed record ChartSeries(string Name, long?[] Values);

    public async Task<Found?> FindAsync(Actor actor, string tenant, string key, CancellationToken cancellationToken)
    {
        var found = await (from x in db.Devices.AsNoTracking().VisibleTo(actor)
                           join t in db.Tenants on x.TenantId equals t.Id
                           where t.Name == tenant && x.Key == key
                           join r in db.Readings on x.LastReadingId equals r.Id
                           select new { d = x, Tenant = t.Name, r.SnapshotJson }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (found is null)
        {
            return null;
        }

        var d = found.d;
        SnapshotView? view;
        try
        {
            view = SnapshotView.Read(found.SnapshotJson);
        }
        catch (JsonException)
        {
            view = null; // stored by an older hub that did not check: the page shows the summary only
        }

        return new Found(new DeviceRow(found.Tenant, d.Key, d.SysName, d.Vendor, d.Model, d.Serial, d.Address, d.Location, d.Status, d.ErrorCount, d.AlertCount,
            d.LowestSupplyPercent, d.LowestSupply, d.TotalPages, d.CollectedAt, view?.Ping), d.TenantId, d.AgentId, d.Readings, view);
    }

    /// <summary>Each counter's values since <see cref="History"/> before <paramref name="now"/>, oldest first.</summary>
    public async Task<IReadOnlyDictionary<string, List<CounterDeltas.Point>>> CountersAsync(Found device, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now - History;
        var rows = await db.DeviceCounters.AsNoTracking()
            .Where(c => c.TenantId == device.TenantId && c.DeviceKey == device.Device.Key && c.CollectedAt >= since)
            .OrderBy(c => c.CollectedAt).ThenBy(c => c.ReadingId)
            .Select(c => new { c.Name, c.CollectedAt, c.Value }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.GroupBy(r => r.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r => new CounterDeltas.Point(r.CollectedAt, r.Value)).ToList(), StringComparer.Ordinal);
    }

    /// <summary>The chart of the standard counters (SNAPSHOT.md names; vendor counters are in the tables), aligned on the readings' times.</summary>
    public static Chart ChartOf(IReadOnlyDictionary<string, List<CounterDeltas.Point>> counters)
    {
        var shown = counters.Where(c => !c.Key.StartsWith("vendor:", StringComparison.Ordinal)).OrderBy(c => c.Key == SnapshotSummary.TotalCounter ? "" : c.Key)
            .Take(8).ToList();
        var times = shown.SelectMany(c => c.Value).Select(p => p.At.ToUnixTimeSeconds()).Distinct().Order().ToList();
        if (times.Count > MaxChartPoints)
        {
            int step = (times.Count + MaxChartPoints - 1) / MaxChartPoints;
            times = [.. times.Where((_, i) => i % step == 0 || i == times.Count - 1)];
        }

        var index = times.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i);
        var series = shown.Select(c =>
        {
            var values = new long?[times.Count];
            foreach (var point in c.Value)
            {
                if (index.TryGetValue(point.At.ToUnixTimeSeconds(), out int i))
                {
                    values[i] = point.Value;
                }
            }

            return new ChartSeries(c.Key, values);
        }).ToList();
        return new Chart([.. times], series);
    }

    /// <summary>The device's latest untrusted counter readings, newest first (at most <paramref name="most"/>).</summary>
    public async Task<IReadOnlyList<Untrusted>> UntrustedAsync(Found device, int most, CancellationToken cancellationToken) =>
        await db.DeviceCounters.AsNoTracking().Where(c => c.TenantId == device.TenantId && c.DeviceKey == device.Device.Key && c.Flags != null)
            .OrderByDescending(c => c.CollectedAt).ThenBy(c => c.Name).Take(most)
            .Select(c => new Untrusted(c.CollectedAt, c.Name, c.Value, c.BillingValue, c.Flags!)).ToListAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>A page (from 1) of the device's readings, newest first, with the total counter of each.</summary>
    public async Task<IReadOnlyList<ReadingLine>> ReadingsAsync(Found device, int page, CancellationToken cancellationToken)
    {
        var readings = db.Readings.AsNoTracking().Where(r => r.TenantId == device.TenantId && r.DeviceKey == device.Device.Key)
            .OrderByDescending(r => r.Id).Skip((Math.Max(1, page) - 1) * ReadingsPageSize).Take(ReadingsPageSize);
        return await (from r in readings
                      join c in db.DeviceCounters.Where(c => c.Name == SnapshotSummary.TotalCounter) on r.Id equals c.ReadingId into totals
                      from c in totals.DefaultIfEmpty()
                      orderby r.Id descending
                      select new ReadingLine(r.Id, r.CollectedAt, r.ReceivedAt, r.AgentId, r.Sequence, c == null ? null : c.Value))
            .ToListAsync(cancellationToken).ConfigureAwait(false);
    }
}
