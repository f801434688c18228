using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>The dashboard's figures, each the count of a devices list the dashboard links to, and the agents' last contact; the caller's scope only.</summary>
public sealed class FleetDashboard(HubDb db, TimeProvider clock)
{
    /// <summary>Supplies below this percent are counted as low (the dashboard's link filters the list the same way).</summary>
    public const int LowSupplyPercent = 15;

    /// <summary>An agent polls every 5 minutes by default: three polls missed and it is flagged.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(15);

    /// <summary>A collector not revoked that has not polled for <see cref="StaleAfter"/> (or never).</summary>
    public static bool IsStale(DateTimeOffset? lastSeenAt, bool revoked, DateTimeOffset now) => !revoked && (lastSeenAt is null || now - lastSeenAt > StaleAfter);

    public sealed record Figures(int Devices, int Up, int Down, int InError, int LowSupply, int WithAlerts, IReadOnlyList<AgentSeen> Agents);

    public sealed record AgentSeen(string Id, string Tenant, string HostName, DateTimeOffset? LastSeenAt, bool Stale, bool Revoked);

    public async Task<Figures> FiguresAsync(Actor actor, CancellationToken cancellationToken)
    {
        var devices = db.Devices.AsNoTracking().VisibleTo(actor);
        // One pass: the counts grouped by what decides the state (status down or not, errors or not), then summed here.
        var groups = await devices.GroupBy(d => new { Down = d.Status == FleetStatus.DownStatus, Error = d.ErrorCount > 0 })
            .Select(g => new { g.Key.Down, g.Key.Error, Count = g.Count() }).ToListAsync(cancellationToken).ConfigureAwait(false);
        int low = await devices.CountAsync(d => d.LowestSupplyPercent != null && d.LowestSupplyPercent < LowSupplyPercent, cancellationToken).ConfigureAwait(false);
        int alerts = await devices.CountAsync(d => d.AlertCount > 0, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        var agents = await (from a in db.Agents.AsNoTracking().VisibleTo(actor)
                            join t in db.Tenants on a.TenantId equals t.Id
                            orderby a.Revoked, t.Name, a.HostName
                            select new { a.Id, Tenant = t.Name, a.HostName, a.LastSeenAt, a.Revoked }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new Figures(
            groups.Sum(g => g.Count), groups.Where(g => !g.Down && !g.Error).Sum(g => g.Count), groups.Where(g => g.Down).Sum(g => g.Count),
            groups.Where(g => !g.Down && g.Error).Sum(g => g.Count), low, alerts,
            [.. agents.Select(a => new AgentSeen(a.Id, a.Tenant, a.HostName, a.LastSeenAt, IsStale(a.LastSeenAt, a.Revoked, now), a.Revoked))]);
    }
}
