using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// The users of an actor's subtree, and what an administrator (manage users) does to them: enable, disable, change the
/// role, reset the second factor, a new one-time password link. A user outside the subtree is "no such user", never acted
/// on; a user holding permissions the actor lacks is refused; an actor cannot disable themself or change their own role.
/// Every change is audited under the user's tenant, so that the administrators of that tenant read it. The changes
/// themselves are in UserAdmin.Changes.cs.
/// </summary>
public sealed partial class UserAdmin(HubDb db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock)
{
    public const string NoSuchUser = "There is no such user.";

    public async Task<IReadOnlyList<UserRow>> ListAsync(Actor actor, UserFilter filter, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var query = db.Users.AsNoTracking().VisibleTo(actor);
        if (filter.TenantId is { } tenantId)
        {
            int[] below = [.. tree.Subtree(tenantId)];
            query = query.Where(u => below.Contains(u.TenantId));
        }

        query = filter.State switch
        {
            UserFilter.Active => query.Where(u => u.DisabledAt == null),
            UserFilter.Disabled => query.Where(u => u.DisabledAt != null),
            _ => query,
        };
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            string text = filter.Text.Trim().ToLowerInvariant();
            query = query.Where(u => u.Email!.ToLower().Contains(text) || u.DisplayName.ToLower().Contains(text));
        }

        var found = await query.ToListAsync(cancellationToken).ConfigureAwait(false);
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        return [.. found.Select(u => Row(u, tree, roles, now)).OrderBy(u => u.TenantName, StringComparer.Ordinal).ThenBy(u => u.Email, StringComparer.Ordinal)];
    }

    /// <summary>One user of the actor's subtree, or null (unknown, or outside the subtree: the same answer).</summary>
    public async Task<UserRow?> FindAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        var user = await db.Users.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken).ConfigureAwait(false);
        return Row(user, tree, roles, clock.GetUtcNow());
    }

    /// <summary>The roles <paramref name="actor"/> may give to a user of <paramref name="tenant"/>.</summary>
    public async Task<(Tenant Tenant, IReadOnlyList<PortalRole> Roles)> RolesGivableAsync(Actor actor, Tenant tenant, CancellationToken cancellationToken)
    {
        var all = await db.Roles.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var path = tree.PathTo(tenant.Id).Select(t => (int?)t.Id).ToHashSet();
        return (tenant, [.. all.Where(r => (r.TenantId is null || path.Contains(r.TenantId)) && AccountAdmin.WhyNotGivable(actor, tenant, r) is null)]);
    }

    /// <summary>The user to act on, tracked: in the actor's subtree, holding no permission the actor lacks.</summary>
    private async Task<(PortalUser? User, string? Problem)> TargetAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.ManageUsers))
        {
            return (null, $"This needs the permission {PermissionNames.Of(Permission.ManageUsers)}.");
        }

        var user = await db.Users.VisibleTo(actor).FirstOrDefaultAsync(u => u.Id == userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return (null, NoSuchUser);
        }

        var held = await db.RolePermissionsAsync(user.RoleId, cancellationToken).ConfigureAwait(false);
        if (!actor.Can(held))
        {
            return (null, $"{user.Email} has permissions you do not have ({PermissionNames.List(held & ~actor.Permissions)}): you cannot change their account.");
        }

        return (user, null);
    }

    private async Task SaveAsync(PortalUser user)
    {
        var saved = await users.UpdateAsync(user).ConfigureAwait(false);
        if (!saved.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", saved.Errors.Select(e => e.Description)));
        }
    }

    private static UserRow Row(PortalUser u, TenantTree tree, Dictionary<int, string> roles, DateTimeOffset now) =>
        new(u.Id, u.Email ?? u.UserName ?? u.Id, u.DisplayName, u.TenantId, tree[u.TenantId]?.Name ?? "?", u.RoleId, roles.GetValueOrDefault(u.RoleId, "?"), u.Source,
            u.TwoFactorEnabled, u.CreatedAt, u.LastSignInAt, u.DisabledAt, u.DisabledReason, u.LockoutEnd > now ? u.LockoutEnd : null);
}
