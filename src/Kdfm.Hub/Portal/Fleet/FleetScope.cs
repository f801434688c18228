using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>The fleet's own tables seen through the caller's subtree, as <see cref="Scope"/> does for the others.</summary>
public static class FleetScope
{
    public static IQueryable<DeviceCounter> VisibleTo(this IQueryable<DeviceCounter> counters, Actor actor) =>
        actor.TenantIds is { } ids ? counters.Where(c => ids.Contains(c.TenantId)) : counters;

    /// <summary>
    /// A tenant filter: <paramref name="tenantId"/> and the tenants below it (a customer's sites), inside the actor's
    /// subtree only (a tenant outside it gives nothing, as one that does not exist).
    /// </summary>
    public static async Task<int[]> SubtreeAsync(HubDb db, Actor actor, int tenantId, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().VisibleTo(actor).ToListAsync(cancellationToken).ConfigureAwait(false));
        return [.. tree.Subtree(tenantId)];
    }
}
