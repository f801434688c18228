using System.Globalization;
using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Storage;
using Kdfm.Printers.Meters;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// Meters for billing: for a period [from, to) and a tenant of the caller's subtree (with the tenants below it), the
/// first and the last value of each counter of each device read in the period, as CSV, audited. Read from
/// <see cref="DeviceCounter"/> (its (tenant, device, counter, time) index gives each group's first and last row). The
/// values are what billing may use (<see cref="DeviceCounter.BillingValue"/>: an untrusted reading counts as the last
/// trusted one before it, and across a new baseline billing continues, <see cref="MeterTrust"/>), and the flags of the
/// period's untrusted readings are shown beside them (issue 14). A period holding a reading below the last trusted value
/// that no later reading has decided yet (a reset, or a bad reading) has no pages: a person must look.
/// </summary>
public sealed class MeterExport(HubDb db, AuditLog audit)
{
    public static readonly string[] CsvHeader =
        ["tenant", "key", "sysName", "vendor", "model", "serial", "counter", "startAt", "start", "endAt", "end", "pages", "flags"];

    /// <param name="Flags">The flags of the counter's untrusted readings in the period (comma-separated), null when every one was trusted.</param>
    /// <param name="Unresolved">The period holds a reading below the last trusted value that no later reading has decided yet.</param>
    public sealed record Meter(string Tenant, string Key, string? SysName, string? Vendor, string? Model, string? Serial, string Counter,
        DateTimeOffset StartAt, long Start, DateTimeOffset EndAt, long End, int TenantId = 0, string? Flags = null, bool Unresolved = false)
    {
        /// <summary>
        /// End minus start (billing values continue across a new baseline); null while a reset is unresolved, or when the
        /// start was a flagged first reading above the end: a person must look ("reset: check").
        /// </summary>
        public long? Pages => !Unresolved && End >= Start ? End - Start : null;
    }

    /// <summary>What the page and the CSV say instead of pages when there are none.</summary>
    public const string NoPages = "reset: check";

    /// <summary>
    /// The meters, by tenant, device and counter; <paramref name="tenantId"/> null = the caller's whole subtree;
    /// <paramref name="vendorCounters"/> false = the standard counters only (SNAPSHOT.md's names, not <c>vendor:…</c>).
    /// </summary>
    public async Task<IReadOnlyList<Meter>> MetersAsync(Actor actor, int? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken,
        bool vendorCounters = true)
    {
        var counters = db.DeviceCounters.AsNoTracking().VisibleTo(actor).Where(c => c.CollectedAt >= from && c.CollectedAt < to);
        if (!vendorCounters)
        {
            counters = counters.Where(c => !c.Name.StartsWith("vendor:"));
        }

        if (tenantId is { } id)
        {
            int[] ids = await FleetScope.SubtreeAsync(db, actor, id, cancellationToken).ConfigureAwait(false);
            counters = counters.Where(c => ids.Contains(c.TenantId));
        }

        var bounds = counters.GroupBy(c => new { c.TenantId, c.DeviceKey, c.Name })
            .Select(g => new { g.Key.TenantId, g.Key.DeviceKey, g.Key.Name, First = g.Min(c => c.CollectedAt), Last = g.Max(c => c.CollectedAt) });
        var ends = await (from b in bounds
                          join s in db.DeviceCounters on new { b.TenantId, b.DeviceKey, b.Name, At = b.First } equals new { s.TenantId, s.DeviceKey, s.Name, At = s.CollectedAt }
                          join e in db.DeviceCounters on new { b.TenantId, b.DeviceKey, b.Name, At = b.Last } equals new { e.TenantId, e.DeviceKey, e.Name, At = e.CollectedAt }
                          join d in db.Devices on new { b.TenantId, Key = b.DeviceKey } equals new { d.TenantId, d.Key }
                          join t in db.Tenants on b.TenantId equals t.Id
                          select new { Tenant = t.Name, b.TenantId, b.DeviceKey, d.SysName, d.Vendor, d.Model, d.Serial, b.Name, b.First, Start = s.BillingValue,
                              StartReading = s.ReadingId, b.Last, End = e.BillingValue, EndReading = e.ReadingId })
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        var flagged = (await counters.Where(c => c.Flags != null).Select(c => new { c.TenantId, c.DeviceKey, c.Name, c.Flags })
                .ToListAsync(cancellationToken).ConfigureAwait(false))
            .GroupBy(f => (f.TenantId, f.DeviceKey, f.Name))
            .ToDictionary(g => g.Key, g => string.Join(',', g.SelectMany(f => f.Flags!.Split(',')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)));
        // Unresolved: the period's last reading below the last trusted value has no trusted reading after it (at any time).
        var backwards = await counters.Where(c => c.Flags != null && c.Flags.Contains(MeterFlags.WentBackwards))
            .GroupBy(c => new { c.TenantId, c.DeviceKey, c.Name })
            .Select(g => new { g.Key.TenantId, g.Key.DeviceKey, g.Key.Name, At = g.Max(c => c.CollectedAt) }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var unresolved = new HashSet<(int, string, string)>();
        if (backwards.Count > 0)
        {
            string[] devices = [.. backwards.Select(b => b.DeviceKey).Distinct(StringComparer.Ordinal)];
            string[] names = [.. backwards.Select(b => b.Name).Distinct(StringComparer.Ordinal)];
            var lastTrusted = (await db.DeviceCounters.AsNoTracking().Where(c => c.Flags == null && devices.Contains(c.DeviceKey) && names.Contains(c.Name))
                    .GroupBy(c => new { c.TenantId, c.DeviceKey, c.Name })
                    .Select(g => new { g.Key.TenantId, g.Key.DeviceKey, g.Key.Name, At = g.Max(c => c.CollectedAt) }).ToListAsync(cancellationToken).ConfigureAwait(false))
                .ToDictionary(t => (t.TenantId, t.DeviceKey, t.Name), t => t.At);
            unresolved.UnionWith(backwards.Where(b => !(lastTrusted.TryGetValue((b.TenantId, b.DeviceKey, b.Name), out var at) && at > b.At))
                .Select(b => (b.TenantId, b.DeviceKey, b.Name)));
        }

        // Two readings of one device at the very same time: the earlier stored is the start, the later stored the end.
        return [.. ends.GroupBy(x => (x.Tenant, x.DeviceKey, x.Name))
            .Select(g => (Start: g.MinBy(x => x.StartReading)!, End: g.MaxBy(x => x.EndReading)!))
            .Select(p => new Meter(p.Start.Tenant, p.Start.DeviceKey, p.Start.SysName, p.Start.Vendor, p.Start.Model, p.Start.Serial, p.Start.Name, p.Start.First,
                p.Start.Start, p.End.Last, p.End.End, p.Start.TenantId, flagged.GetValueOrDefault((p.Start.TenantId, p.Start.DeviceKey, p.Start.Name)),
                unresolved.Contains((p.Start.TenantId, p.Start.DeviceKey, p.Start.Name))))
            .OrderBy(m => m.Tenant, StringComparer.Ordinal).ThenBy(m => m.Key, StringComparer.Ordinal).ThenBy(m => m.Counter, StringComparer.Ordinal)];
    }

    /// <summary>The meters as CSV, and an audit entry naming the period and the tenant.</summary>
    public async Task<string> ExportAsync(Actor actor, int? tenantId, string tenantName, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken,
        bool vendorCounters = true)
    {
        var meters = await MetersAsync(actor, tenantId, from, to, cancellationToken, vendorCounters).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.Export, "meters", $"CSV from the portal: {tenantName}, {Time(from)} to {Time(to)}, {meters.Count} meter(s)",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return CsvTable.Write(CsvHeader, meters.Select(m => new[]
        {
            CsvCell.Text(m.Tenant), CsvCell.Text(m.Key), CsvCell.Text(m.SysName), CsvCell.Text(m.Vendor), CsvCell.Text(m.Model), CsvCell.Text(m.Serial), CsvCell.Text(m.Counter),
            CsvCell.Text(Time(m.StartAt)), CsvCell.Number(m.Start), CsvCell.Text(Time(m.EndAt)), CsvCell.Number(m.End),
            m.Pages is { } pages ? CsvCell.Number(pages) : CsvCell.Text(NoPages), CsvCell.Text(m.Flags),
        }));
    }

    internal static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
