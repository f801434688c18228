using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// What the agents page and <c>GET /api/v1/agents</c> show, through the caller's scope: each agent's status
/// (<see cref="AgentView"/>), whether it holds an MQTT session now, its latest tasks; the live enrolment codes; the
/// tenants a code may be made for (customers and sites).
/// </summary>
public sealed class AgentOverview(HubDb db, HubOptions options, AgentBroker broker, TimeProvider clock)
{
    public const int TasksShown = 5;

    public sealed record Agent(AgentView View, bool? Mqtt, bool Stale, IReadOnlyList<AgentTask> Tasks);

    public sealed record Code(string Id, string Tenant, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt);

    /// <summary>The agents' views, oldest activation first (the API's list).</summary>
    public async Task<List<AgentView>> ViewsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var tenants = await db.Tenants.AsNoTracking().VisibleTo(actor).ToDictionaryAsync(t => t.Id, t => t.Name, cancellationToken).ConfigureAwait(false);
        var list = await db.Agents.AsNoTracking().VisibleTo(actor).OrderBy(a => a.ActivatedAt).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(a => AgentView.Of(a, tenants.GetValueOrDefault(a.TenantId, "?"), options.AgentQuotaMegabytes * 1024L * 1024L))];
    }

    public async Task<IReadOnlyList<Agent>> AgentsAsync(Actor actor, CancellationToken cancellationToken)
    {
        var views = await ViewsAsync(actor, cancellationToken).ConfigureAwait(false);
        string[] ids = [.. views.Select(v => v.Id)];
        var tasks = (await db.Tasks.AsNoTracking().Where(t => ids.Contains(t.AgentId)).OrderByDescending(t => t.CreatedAt).ToListAsync(cancellationToken).ConfigureAwait(false))
            .ToLookup(t => t.AgentId);
        var connected = await broker.ConnectedAgentsAsync().ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return [.. views.OrderBy(v => v.Revoked).ThenBy(v => v.Tenant, StringComparer.Ordinal).ThenBy(v => v.HostName, StringComparer.Ordinal)
            .Select(v => new Agent(v, connected?.Contains(v.Id), FleetDashboard.IsStale(v.LastSeenAt, v.Revoked, now),
                [.. tasks[v.Id].Take(TasksShown)]))];
    }

    /// <summary>The codes not used and not expired, newest first.</summary>
    public async Task<IReadOnlyList<Code>> LiveCodesAsync(Actor actor, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await (from c in db.Codes.AsNoTracking().VisibleTo(actor)
                      where c.UsedByAgent == null && c.ExpiresAt > now
                      join t in db.Tenants on c.TenantId equals t.Id
                      orderby c.CreatedAt descending
                      select new Code(c.Id, t.Name, c.CreatedAt, c.ExpiresAt)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The customers and sites of the subtree: an agent belongs to one of them.</summary>
    public Task<List<string>> EnrollableTenantsAsync(Actor actor, CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().VisibleTo(actor).Where(t => t.Kind == TenantKinds.Customer || t.Kind == TenantKinds.Site).OrderBy(t => t.Name).Select(t => t.Name)
            .ToListAsync(cancellationToken);
}
