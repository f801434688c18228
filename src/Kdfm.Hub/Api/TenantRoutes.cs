using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Api;

/// <summary>
/// The tenant tree through the API: the caller's subtree (view fleet), and a new customer or site under it (manage
/// tenants). A dealer has no parent: only the hub's operator (or the bootstrap token, before the first dealer admin)
/// adds one. The rules are <see cref="AccountAdmin"/>'s, the same as the command line's and the portal's.
/// </summary>
public static class TenantRoutes
{
    public sealed record TenantRequest(string? Name, string? Kind, string? Parent);

    public static void MapTenantRoutes(this RouteGroupBuilder api)
    {
        api.MapGet("/tenants", async (ActorAccessor actors, HubDb db, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var tenants = await db.Tenants.AsNoTracking().VisibleTo(actor).OrderBy(t => t.Name)
                .Select(t => new { name = t.Name, kind = t.Kind, parent = db.Tenants.Where(p => p.Id == t.ParentId).Select(p => p.Name).FirstOrDefault(),
                    devices = db.Devices.Count(d => d.TenantId == t.Id) })
                .ToListAsync(ct).ConfigureAwait(false);
            return Results.Json(tenants, ReadApi.JsonOptions);
        }).RequireAuthorization(PermissionRequirement.PolicyName(Permission.ViewFleet));
        api.MapPost("/tenants", async (TenantRequest request, ActorAccessor actors, AccountAdmin admin, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            if (string.IsNullOrWhiteSpace(request.Name) || request.Kind is null || !TenantKinds.All.Contains(request.Kind))
            {
                return Results.Problem(title: $"a tenant needs a name and a kind ({string.Join(", ", TenantKinds.All)})", statusCode: 400);
            }

            var added = await admin.AddTenantAsync(actor, request.Name, request.Kind, request.Parent, ct).ConfigureAwait(false);
            return added.Succeeded
                ? Results.Json(new { name = added.Value!.Name, kind = added.Value.Kind, parent = request.Parent }, ReadApi.JsonOptions, statusCode: 201)
                : Results.Problem(title: added.Problem, statusCode: 400);
        }).RequireAuthorization(PermissionRequirement.PolicyName(Permission.ManageTenants));
    }
}
