using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>The fleet's own tables seen through the caller's subtree, as <see cref="Scope"/> does for the others.</summary>
public static class FleetScope
{
    public static IQueryable<DeviceCounter> VisibleTo(this IQueryable<DeviceCounter> counters, Actor actor) =>
        actor.TenantIds is { } ids ? counters.Where(c => ids.Contains(c.TenantId)) : counters;
}
