using System.Globalization;
using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// The devices list: search, filters, sort and pages over the summary columns (no JSON read), always through the caller's
/// scope (<see cref="Scope"/>): a tenant outside it filters to nothing, as if it did not exist. The CSV is the same
/// filtered list, every page, audited by the caller (<see cref="ExportAsync"/>).
/// </summary>
public sealed class DeviceList(HubDb db, AuditLog audit)
{
    public static readonly string[] CsvHeader =
    [
        "tenant", "key", "sysName", "vendor", "model", "serial", "address", "location", "state", "status", "errors", "alerts", "lowestSupplyPercent",
        "lowestSupply", "totalPages", "collectedAt",
    ];

    public async Task<DevicePage> PageAsync(Actor actor, DeviceQuery query, CancellationToken cancellationToken)
    {
        var filtered = await FilteredAsync(actor, query, cancellationToken).ConfigureAwait(false);
        int total = await filtered.CountAsync(cancellationToken).ConfigureAwait(false);
        var rows = await Listed(filtered, query).Skip((query.PageNumber - 1) * DeviceQuery.PageSize).Take(DeviceQuery.PageSize)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return new DevicePage(await WithPingAsync(actor, rows, cancellationToken).ConfigureAwait(false), total, query.PageNumber);
    }

    /// <summary>
    /// The down devices of a page with what their automatic ping found, read from their latest reading (a down reading is a
    /// few hundred bytes; the summary columns have no place for it): at most one small query a page, none without a down device.
    /// </summary>
    private async Task<List<DeviceRow>> WithPingAsync(Actor actor, List<DeviceRow> rows, CancellationToken cancellationToken)
    {
        string[] keys = [.. rows.Where(r => r.State == FleetStatus.Down).Select(r => r.Key).Distinct()];
        if (keys.Length == 0)
        {
            return rows;
        }

        var latest = await (from d in db.Devices.AsNoTracking().VisibleTo(actor)
                            where keys.Contains(d.Key)
                            join t in db.Tenants on d.TenantId equals t.Id
                            join r in db.Readings on d.LastReadingId equals r.Id
                            select new { Tenant = t.Name, d.Key, r.SnapshotJson }).ToListAsync(cancellationToken).ConfigureAwait(false);
        var pings = new Dictionary<(string, string), string?>();
        foreach (var reading in latest)
        {
            try
            {
                pings[(reading.Tenant, reading.Key)] = SnapshotView.Read(reading.SnapshotJson).Ping;
            }
            catch (System.Text.Json.JsonException)
            {
                // stored by an older hub that did not check: the row says down
            }
        }

        return [.. rows.Select(r => r.State == FleetStatus.Down && pings.TryGetValue((r.Tenant, r.Key), out var ping) ? r with { Ping = ping } : r)];
    }

    /// <summary>Every device the query matches, as CSV (<see cref="CsvCell"/>'s rules), and an audit entry saying what was exported.</summary>
    public async Task<string> ExportAsync(Actor actor, DeviceQuery query, CancellationToken cancellationToken)
    {
        var filtered = await FilteredAsync(actor, query, cancellationToken).ConfigureAwait(false);
        var rows = await Listed(filtered, query).ToListAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.Export, "devices", $"CSV from the portal: {rows.Count} device(s){Describe(query)}", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return CsvTable.Write(CsvHeader, rows.Select(Cells));
    }

    /// <summary>The vendors of the caller's devices, for the vendor filter.</summary>
    public Task<List<string>> VendorsAsync(Actor actor, CancellationToken cancellationToken) =>
        db.Devices.AsNoTracking().VisibleTo(actor).Where(d => d.Vendor != null).Select(d => d.Vendor!).Distinct().OrderBy(v => v).ToListAsync(cancellationToken);

    /// <summary>The tenants of the caller's subtree, by name, for the tenant filter.</summary>
    public Task<List<Tenant>> TenantsAsync(Actor actor, CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().VisibleTo(actor).OrderBy(t => t.Name).ToListAsync(cancellationToken);

    private async Task<IQueryable<Device>> FilteredAsync(Actor actor, DeviceQuery query, CancellationToken cancellationToken)
    {
        var devices = db.Devices.AsNoTracking().VisibleTo(actor);
        if (query.TenantId is { } tenantId)
        {
            int[] ids = await FleetScope.SubtreeAsync(db, actor, tenantId, cancellationToken).ConfigureAwait(false);
            devices = devices.Where(d => ids.Contains(d.TenantId));
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            string s = query.Search.Trim().ToLowerInvariant();
            devices = devices.Where(d => (d.SysName != null && d.SysName.ToLower().Contains(s)) || (d.Model != null && d.Model.ToLower().Contains(s))
                || (d.Serial != null && d.Serial.ToLower().Contains(s)) || d.Address.Contains(s) || (d.Location != null && d.Location.ToLower().Contains(s))
                || d.Key.ToLower().Contains(s));
        }

        if (!string.IsNullOrEmpty(query.Vendor))
        {
            devices = devices.Where(d => d.Vendor == query.Vendor);
        }

        devices = query.Status switch
        {
            FleetStatus.Down => devices.Where(d => d.Status == FleetStatus.DownStatus),
            FleetStatus.Error => devices.Where(d => d.Status != FleetStatus.DownStatus && d.ErrorCount > 0),
            FleetStatus.Up => devices.Where(d => (d.Status == null || d.Status != FleetStatus.DownStatus) && d.ErrorCount == 0),
            _ => devices,
        };
        if (query.SupplyBelow is { } below)
        {
            devices = devices.Where(d => d.LowestSupplyPercent != null && d.LowestSupplyPercent < below);
        }

        if (query.WithAlerts)
        {
            devices = devices.Where(d => d.AlertCount > 0);
        }

        return devices;
    }

    /// <summary>The rows with their tenant's name, sorted by the query's column (then by tenant and key, so that pages never overlap).</summary>
    private IQueryable<DeviceRow> Listed(IQueryable<Device> devices, DeviceQuery query)
    {
        var joined = from d in devices join t in db.Tenants on d.TenantId equals t.Id select new { d, Tenant = t.Name };
        bool down = query.Descending;
        var sorted = query.SortColumn switch
        {
            "tenant" => down ? joined.OrderByDescending(x => x.Tenant) : joined.OrderBy(x => x.Tenant),
            "vendor" => down ? joined.OrderByDescending(x => x.d.Vendor) : joined.OrderBy(x => x.d.Vendor),
            "model" => down ? joined.OrderByDescending(x => x.d.Model) : joined.OrderBy(x => x.d.Model),
            "serial" => down ? joined.OrderByDescending(x => x.d.Serial) : joined.OrderBy(x => x.d.Serial),
            "address" => down ? joined.OrderByDescending(x => x.d.Address) : joined.OrderBy(x => x.d.Address),
            "location" => down ? joined.OrderByDescending(x => x.d.Location) : joined.OrderBy(x => x.d.Location),
            "status" => down ? joined.OrderByDescending(x => x.d.Status).ThenByDescending(x => x.d.ErrorCount) : joined.OrderBy(x => x.d.Status).ThenBy(x => x.d.ErrorCount),
            "supply" => down ? joined.OrderByDescending(x => x.d.LowestSupplyPercent) : joined.OrderBy(x => x.d.LowestSupplyPercent),
            "pages" => down ? joined.OrderByDescending(x => x.d.TotalPages) : joined.OrderBy(x => x.d.TotalPages),
            "seen" => down ? joined.OrderByDescending(x => x.d.CollectedAt) : joined.OrderBy(x => x.d.CollectedAt),
            _ => down ? joined.OrderByDescending(x => x.d.SysName) : joined.OrderBy(x => x.d.SysName),
        };
        return sorted.ThenBy(x => x.Tenant).ThenBy(x => x.d.Key).Select(x => new DeviceRow(x.Tenant, x.d.Key, x.d.SysName, x.d.Vendor, x.d.Model, x.d.Serial, x.d.Address,
            x.d.Location, x.d.Status, x.d.ErrorCount, x.d.AlertCount, x.d.LowestSupplyPercent, x.d.LowestSupply, x.d.TotalPages, x.d.CollectedAt));
    }

    private static IEnumerable<CsvCell> Cells(DeviceRow r) =>
    [
        CsvCell.Text(r.Tenant), CsvCell.Text(r.Key), CsvCell.Text(r.SysName), CsvCell.Text(r.Vendor), CsvCell.Text(r.Model), CsvCell.Text(r.Serial),
        CsvCell.Text(r.Address), CsvCell.Text(r.Location), CsvCell.Text(r.State), CsvCell.Text(r.Status), CsvCell.Number(r.ErrorCount), CsvCell.Number(r.AlertCount),
        r.LowestSupplyPercent is { } p ? CsvCell.Number(p) : CsvCell.Text(""), CsvCell.Text(r.LowestSupply), r.TotalPages is { } t ? CsvCell.Number(t) : CsvCell.Text(""),
        CsvCell.Text(r.CollectedAt.ToString("O", CultureInfo.InvariantCulture)),
    ];

    /// <summary>The filters of an export, for its audit entry.</summary>
    private static string Describe(DeviceQuery q)
    {
        string?[] parts =
        [
            string.IsNullOrWhiteSpace(q.Search) ? null : $"search '{q.Search.Trim()}'",
            q.TenantId is { } t ? $"tenant #{t}" : null,
            string.IsNullOrEmpty(q.Vendor) ? null : $"vendor {q.Vendor}",
            string.IsNullOrEmpty(q.Status) ? null : $"status {q.Status}",
            q.SupplyBelow is { } b ? $"supply below {b}%" : null,
            q.WithAlerts ? "with alerts" : null,
        ];
        var given = parts.OfType<string>().ToList();
        return given.Count == 0 ? "" : ", " + string.Join(", ", given);
    }
}
