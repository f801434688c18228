using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Access;

/// <summary>
/// What an actor may see, as query filters: the rows of the tenants of its subtree, nothing else. Every page and API
/// route goes through these, so counts, searches, exports and "not found" answers all stay inside the subtree.
/// </summary>
public static class Scope
{
    public static IQueryable<Device> VisibleTo(this IQueryable<Device> devices, Actor actor) =>
        actor.TenantIds is { } ids ? devices.Where(d => ids.Contains(d.TenantId)) : devices;

    public static IQueryable<Reading> VisibleTo(this IQueryable<Reading> readings, Actor actor) =>
        actor.TenantIds is { } ids ? readings.Where(r => ids.Contains(r.TenantId)) : readings;

    public static IQueryable<AgentRecord> VisibleTo(this IQueryable<AgentRecord> agents, Actor actor) =>
        actor.TenantIds is { } ids ? agents.Where(a => ids.Contains(a.TenantId)) : agents;

    public static IQueryable<Tenant> VisibleTo(this IQueryable<Tenant> tenants, Actor actor) =>
        actor.TenantIds is { } ids ? tenants.Where(t => ids.Contains(t.Id)) : tenants;

    public static IQueryable<PortalUser> VisibleTo(this IQueryable<PortalUser> users, Actor actor) =>
        actor.TenantIds is { } ids ? users.Where(u => ids.Contains(u.TenantId)) : users;

    public static IQueryable<AuditEntry> VisibleTo(this IQueryable<AuditEntry> entries, Actor actor) =>
        actor.TenantIds is { } ids ? entries.Where(e => e.TenantId != null && ids.Contains(e.TenantId.Value)) : entries;

    public static IQueryable<WebSession> VisibleTo(this IQueryable<WebSession> sessions, Actor actor) =>
        actor.TenantIds is { } ids ? sessions.Where(w => ids.Contains(w.TenantId)) : sessions;

    public static IQueryable<EnrolmentCode> VisibleTo(this IQueryable<EnrolmentCode> codes, Actor actor) =>
        actor.TenantIds is { } ids ? codes.Where(c => ids.Contains(c.TenantId)) : codes;
}
