using Kdfm.Hub.Access;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Roles: the built-in ones (read-only) and the tenants' own. An actor with manage roles creates, edits and deletes the
/// roles of the tenants of its subtree, with only permissions it holds itself; a role held by a user or an LDAP group is
/// not deleted; the actor's own role never loses manage roles (it would lock them out of this page).
/// </summary>
public sealed class RoleAdmin(HubDb db, AuditLog audit)
{
    public const string NoSuchRole = "There is no such role.";

    /// <summary>The built-in roles, the roles of the tenants above the actor (they may be given here), and those of its subtree.</summary>
    public async Task<IReadOnlyList<RoleRow>> ListAsync(Actor actor, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var above = actor.TenantId is { } own ? tree.PathTo(own).Select(t => t.Id).ToHashSet() : [];
        var roles = await db.Roles.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var shown = roles.Where(r => r.TenantId is null || actor.Sees(r.TenantId.Value) || above.Contains(r.TenantId.Value)).ToList();
        int[] ids = [.. shown.Select(r => r.Id)];
        var holders = (await db.Users.AsNoTracking().VisibleTo(actor).Where(u => ids.Contains(u.RoleId)).Select(u => new { u.RoleId, u.Email }).ToListAsync(cancellationToken)
            .ConfigureAwait(false)).ToLookup(u => u.RoleId, u => u.Email!);
        var ordered = shown.Where(r => r.TenantId is null).OrderBy(r => r.Id)
            .Concat(shown.Where(r => r.TenantId is not null).OrderBy(r => tree[r.TenantId!.Value]?.Name, StringComparer.Ordinal).ThenBy(r => r.Name, StringComparer.Ordinal));
        return [.. ordered
            .Select(r => new RoleRow(r.Id, r.Name, r.TenantId, r.TenantId is { } t ? tree[t]?.Name : null, r.Permissions, r.BuiltIn, IsEditable(actor, r),
                [.. holders[r.Id].Order(StringComparer.Ordinal)]))];
    }

    /// <summary>A role the actor may edit (a tenant's own role in its subtree), or null: unknown, built-in or elsewhere look the same.</summary>
    public async Task<PortalRole?> FindEditableAsync(Actor actor, int roleId, CancellationToken cancellationToken)
    {
        var role = await db.Roles.AsNoTracking().FirstOrDefaultAsync(r => r.Id == roleId, cancellationToken).ConfigureAwait(false);
        return role is not null && IsEditable(actor, role) ? role : null;
    }

    public async Task<AdminResult<PortalRole>> CreateAsync(Actor actor, int tenantId, string name, Permission permissions, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.ManageRoles))
        {
            return AdminResult<PortalRole>.Refused($"This needs the permission {PermissionNames.Of(Permission.ManageRoles)}.");
        }

        var tenant = await db.Tenants.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return AdminResult<PortalRole>.Refused("There is no such tenant.");
        }

        name = name.Trim();
        string? problem = WhyNotGrantable(actor, permissions) ?? await WhyNotNamedAsync(tenant.Id, name, null, cancellationToken).ConfigureAwait(false);
        if (problem is not null)
        {
            return AdminResult<PortalRole>.Refused(problem);
        }

        var role = new PortalRole { TenantId = tenant.Id, Name = name, Permissions = permissions };
        db.Roles.Add(role);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, tenant.Id, AuditActions.RoleCreated, $"{name} ({tenant.Name})", PermissionNames.List(permissions), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return AdminResult<PortalRole>.Done(role);
    }

    public async Task<AdminResult<PortalRole>> UpdateAsync(Actor actor, int roleId, string name, Permission permissions, CancellationToken cancellationToken)
    {
        var (role, problem) = await TargetAsync(actor, roleId, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return AdminResult<PortalRole>.Refused(problem!);
        }

        name = name.Trim();
        problem = WhyNotGrantable(actor, permissions) ?? await WhyNotNamedAsync(role.TenantId!.Value, name, role.Id, cancellationToken).ConfigureAwait(false);
        if (problem is null && (permissions & Permission.ManageRoles) == 0 && await HoldsAsync(actor, role.Id, cancellationToken).ConfigureAwait(false))
        {
            problem = $"This is your own role: without {PermissionNames.Of(Permission.ManageRoles)} you could not edit roles any more.";
        }

        if (problem is not null)
        {
            return AdminResult<PortalRole>.Refused(problem);
        }

        string detail = role.Name == name ? PermissionNames.List(role.Permissions) + " → " + PermissionNames.List(permissions)
            : $"renamed {role.Name} → {name}; {PermissionNames.List(role.Permissions)} → {PermissionNames.List(permissions)}";
        role.Name = name;
        role.Permissions = permissions;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, role.TenantId, AuditActions.RoleChanged, name, detail, cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<PortalRole>.Done(role);
    }

    /// <summary>Deletes a role no one holds (no user, no LDAP group mapping); otherwise says who holds it.</summary>
    public async Task<AdminResult<string>> DeleteAsync(Actor actor, int roleId, CancellationToken cancellationToken)
    {
        var (role, problem) = await TargetAsync(actor, roleId, cancellationToken).ConfigureAwait(false);
        if (role is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        var holders = await db.Users.AsNoTracking().Where(u => u.RoleId == role.Id).OrderBy(u => u.Email).Select(u => u.Email!).ToListAsync(cancellationToken).ConfigureAwait(false);
        var groups = await db.LdapGroupRoles.AsNoTracking().Where(g => g.RoleId == role.Id).OrderBy(g => g.GroupDn).Select(g => g.GroupDn).ToListAsync(cancellationToken)
            .ConfigureAwait(false);
        if (holders.Count > 0 || groups.Count > 0)
        {
            var who = holders.Concat(groups.Select(g => $"the LDAP group {g}")).ToList();
            return AdminResult<string>.Refused($"The role {role.Name} is in use by {string.Join(", ", who)}: give them another role first.");
        }

        db.Roles.Remove(role);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, role.TenantId, AuditActions.RoleDeleted, role.Name, PermissionNames.List(role.Permissions), cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return AdminResult<string>.Done($"The role {role.Name} is deleted.");
    }

    private static bool IsEditable(Actor actor, PortalRole role) => !role.BuiltIn && role.TenantId is { } tenant && actor.Sees(tenant);

    /// <summary>The role to change, tracked: editable by the actor, holding no permission the actor lacks.</summary>
    private async Task<(PortalRole? Role, string? Problem)> TargetAsync(Actor actor, int roleId, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.ManageRoles))
        {
            return (null, $"This needs the permission {PermissionNames.Of(Permission.ManageRoles)}.");
        }

        var role = await db.Roles.FirstOrDefaultAsync(r => r.Id == roleId, cancellationToken).ConfigureAwait(false);
        if (role is null || !IsEditable(actor, role))
        {
            return (null, NoSuchRole);
        }

        return actor.Can(role.Permissions) ? (role, null)
            : (null, $"The role {role.Name} has permissions you do not have ({PermissionNames.List(role.Permissions & ~actor.Permissions)}): you cannot change it.");
    }

    private static string? WhyNotGrantable(Actor actor, Permission permissions)
    {
        if ((permissions & ~Permission.All) != 0)
        {
            return "Unknown permissions.";
        }

        var lacking = permissions & ~actor.Permissions;
        return lacking == 0 ? null : $"You cannot grant permissions you do not have: {PermissionNames.List(lacking)}.";
    }

    private async Task<string?> WhyNotNamedAsync(int tenantId, string name, int? self, CancellationToken cancellationToken)
    {
        if (name.Length is 0 or > 60 || name.Any(char.IsControl))
        {
            return "A role's name has 1 to 60 characters, without control characters.";
        }

        if (BuiltInRoles.All.Any(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return $"{UntrustedText.Shown(name)} is the name of a built-in role: choose another.";
        }

        bool taken = await db.Roles.AnyAsync(r => r.TenantId == tenantId && r.Name == name && r.Id != self, cancellationToken).ConfigureAwait(false);
        return taken ? $"The tenant has a role named {UntrustedText.Shown(name)} already." : null;
    }

    private async Task<bool> HoldsAsync(Actor actor, int roleId, CancellationToken cancellationToken) =>
        actor.UserId is { } id && await db.Users.AnyAsync(u => u.Id == id && u.RoleId == roleId, cancellationToken).ConfigureAwait(false);
}
