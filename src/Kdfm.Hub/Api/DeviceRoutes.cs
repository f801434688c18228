using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Api;

/// <summary>
/// Tenants, devices and readings. A device is (tenant, key): two tenants may each have a printer with one key, and
/// nothing here merges them. Every lookup names the tenant — in the path (<c>/tenants/{tenant}/devices/{key}</c>) or as
/// <c>?tenant=</c> — or, without one, the key must be in one tenant only: a key in several is a 409 that lists them.
/// Everything is seen through the caller's subtree (<see cref="Scope"/>): another tenant's device, or tenant, is "not
/// found", never "forbidden", so that a caller learns nothing of what lies outside. Lists need view fleet; readings and
/// any CSV need view meters and export (and are audited as exports).
/// </summary>
public static class DeviceRoutes
{
    public const string LoggerName = "Kdfm.Hub.Api.ReadApi";

    /// <summary>A device found: its tenant's id and name, and its key.</summary>
    private sealed record DeviceRef(int TenantId, string Tenant, string Key);

    public static void MapDeviceRoutes(this RouteGroupBuilder api)
    {
        string fleet = PermissionRequirement.PolicyName(Permission.ViewFleet);
        string meters = PermissionRequirement.PolicyName(Permission.ViewMetersAndExport);
        api.MapGet("/devices", (string? tenant, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct) =>
            DevicesAsync(tenant, http, actors, audit, db, logs, ct)).RequireAuthorization(fleet);
        api.MapGet("/tenants/{tenant}/devices", (string tenant, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct) =>
            DevicesAsync(tenant, http, actors, audit, db, logs, ct)).RequireAuthorization(fleet);
        api.MapGet("/devices/{key}", (string key, string? tenant, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct) =>
            DeviceAsync(tenant, key, http, actors, audit, db, logs, ct)).RequireAuthorization(fleet);
        api.MapGet("/tenants/{tenant}/devices/{key}", (string tenant, string key, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct) =>
            DeviceAsync(tenant, key, http, actors, audit, db, logs, ct)).RequireAuthorization(fleet);
        api.MapGet("/devices/{key}/readings", (string key, string? tenant, int? limit, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct) =>
            ReadingsAsync(tenant, key, limit, http, actors, audit, db, logs, ct)).RequireAuthorization(meters);
        api.MapGet("/tenants/{tenant}/devices/{key}/readings",
            (string tenant, string key, int? limit, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct) =>
            ReadingsAsync(tenant, key, limit, http, actors, audit, db, logs, ct)).RequireAuthorization(meters);
    }

    /// <summary>
    /// The actor, and for a CSV answer whether it may export (view meters and export): an export is refused with 403 and
    /// audited as refused, or audited as done.
    /// </summary>
    private static async Task<(Actor Actor, IResult? Refusal)> ActorAsync(HttpContext http, ActorAccessor actors, AuditLog audit, string what, CancellationToken ct)
    {
        var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
        if (!CsvTable.Wanted(http))
        {
            return (actor, null);
        }

        if (!actor.Can(Permission.ViewMetersAndExport))
        {
            await audit.WriteAsync(actor, AuditActions.Denied, $"{http.Request.Method} {http.Request.Path}", $"export of {what} needs {Permission.ViewMetersAndExport}", AuditLog.Denied, ct)
                .ConfigureAwait(false);
            return (actor, Results.Problem(title: $"exporting needs the permission {Permission.ViewMetersAndExport}", statusCode: StatusCodes.Status403Forbidden));
        }

        await audit.WriteAsync(actor, AuditActions.Export, what, "CSV from the API", cancellationToken: ct).ConfigureAwait(false);
        return (actor, null);
    }

    /// <summary>Every device's latest snapshot (of one tenant, or all the caller sees), by tenant then key.</summary>
    private static async Task<IResult> DevicesAsync(string? tenant, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct)
    {
        var (actor, refusal) = await ActorAsync(http, actors, audit, tenant is null ? "devices" : $"devices of {tenant}", ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        int? tenantId = null;
        if (tenant is not null)
        {
            tenantId = await db.Tenants.VisibleTo(actor).Where(t => t.Name == tenant).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (tenantId is null)
            {
                return Results.Problem(title: $"no tenant {tenant}", statusCode: StatusCodes.Status404NotFound);
            }
        }

        // Streamed: each row is written as the database gives it, so a fleet of any size costs one row of memory.
        var snapshots = (from d in db.Devices.VisibleTo(actor)
                         join t in db.Tenants on d.TenantId equals t.Id
                         join r in db.Readings on d.LastReadingId equals r.Id
                         where tenantId == null || d.TenantId == tenantId
                         orderby t.Name, d.Key
                         select new StoredSnapshot(t.Name, d.Key, r.Id, r.SnapshotJson)).AsNoTracking().AsAsyncEnumerable();
        return SnapshotExport.Many(http, snapshots, logs.CreateLogger(LoggerName));
    }

    private static async Task<IResult> DeviceAsync(string? tenant, string key, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs, CancellationToken ct)
    {
        var (actor, refusal) = await ActorAsync(http, actors, audit, $"device {key}", ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var (device, missing) = await FindAsync(actor, tenant, key, db, ct).ConfigureAwait(false);
        if (device is null)
        {
            return missing!;
        }

        var snapshot = await (from d in db.Devices
                              where d.TenantId == device.TenantId && d.Key == device.Key
                              join r in db.Readings on d.LastReadingId equals r.Id
                              select new StoredSnapshot(device.Tenant, d.Key, r.Id, r.SnapshotJson)).AsNoTracking().FirstAsync(ct).ConfigureAwait(false);
        return SnapshotExport.One(http, snapshot, logs.CreateLogger(LoggerName));
    }

    /// <summary>A device's readings, oldest first (the last <paramref name="limit"/>, 1,000 by default): its tenant's only.</summary>
    private static async Task<IResult> ReadingsAsync(string? tenant, string key, int? limit, HttpContext http, ActorAccessor actors, AuditLog audit, HubDb db, ILoggerFactory logs,
        CancellationToken ct)
    {
        var (actor, refusal) = await ActorAsync(http, actors, audit, $"readings of {key}", ct).ConfigureAwait(false);
        if (refusal is not null)
        {
            return refusal;
        }

        var (device, missing) = await FindAsync(actor, tenant, key, db, ct).ConfigureAwait(false);
        if (device is null)
        {
            return missing!;
        }

        int take = Math.Clamp(limit ?? 1000, 1, 100_000);
        var own = db.Readings.AsNoTracking().Where(r => r.TenantId == device.TenantId && r.DeviceKey == device.Key);
        // The oldest of the last `take` (an index lookup), then those from it on, oldest first: streamed in the order answered.
        long first = await own.OrderByDescending(r => r.Id).Skip(take - 1).Select(r => r.Id).FirstOrDefaultAsync(ct).ConfigureAwait(false);
        var readings = own.Where(r => r.Id >= first).OrderBy(r => r.Id).Take(take)
            .Select(r => new StoredSnapshot(device.Tenant, r.DeviceKey, r.Id, r.SnapshotJson)).AsAsyncEnumerable();
        return SnapshotExport.Many(http, readings, logs.CreateLogger(LoggerName));
    }

    /// <summary>
    /// The device (tenant, key) among those <paramref name="actor"/> sees; without a tenant, the one tenant that has the
    /// key. Else a 404 or a 409 to answer (the 409 lists only tenants the actor sees).
    /// </summary>
    private static async Task<(DeviceRef? Device, IResult? Refusal)> FindAsync(Actor actor, string? tenant, string key, HubDb db, CancellationToken ct)
    {
        var owners = await (from d in db.Devices.VisibleTo(actor)
                            join t in db.Tenants on d.TenantId equals t.Id
                            where d.Key == key && (tenant == null || t.Name == tenant)
                            orderby t.Name
                            select new DeviceRef(t.Id, t.Name, d.Key)).AsNoTracking().ToListAsync(ct).ConfigureAwait(false);
        return owners.Count switch
        {
            1 => (owners[0], null),
            0 => (null, Results.Problem(title: tenant is null ? $"no device {key}" : $"no device {key} in tenant {tenant}", statusCode: StatusCodes.Status404NotFound)),
            _ => (null, Results.Problem(
                title: $"device {key} is in {owners.Count} tenants: name one, as /api/v1/tenants/{{tenant}}/devices/{key} or ?tenant=",
                statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["tenants"] = owners.Select(o => o.Tenant).ToArray() })),
        };
    }
}
