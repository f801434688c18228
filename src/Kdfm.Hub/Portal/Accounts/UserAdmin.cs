using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// The users of an actor's subtree, and what an administrator (manage users) does to them: enable, disable, change the
/// role, reset the second factor, a new one-time password link. A user outside the subtree is "no such user", never acted
/// on; a user holding permissions the actor lacks is refused; an actor cannot disable themself or change their own role.
/// Every change is audited under the user's tenant, so that the administrators of that tenant read it.
/// </summary>
public sealed class UserAdmin(HubDb db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock)
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

    /// <summary>Enables a disabled (or locked) account: the failure count starts again from zero.</summary>
    public async Task<AdminResult<string>> EnableAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        var (user, problem) = await TargetAsync(actor, userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        var now = clock.GetUtcNow();
        if (user.DisabledAt is null && !(user.LockoutEnd > now))
        {
            return AdminResult<string>.Refused($"{user.Email} is not disabled.");
        }

        string was = user.DisabledAt is null ? "locked" : $"disabled since {PortalText.When(user.DisabledAt)} ({user.DisabledReason})";
        user.DisabledAt = null;
        user.DisabledReason = null;
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await SaveAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, user.TenantId, AuditActions.Enabled, user.Email!, $"was {was}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<string>.Done($"{user.Email} is enabled and can sign in again.");
    }

    /// <summary>Disables an account at once: its sessions end and its API tokens stop working.</summary>
    public async Task<AdminResult<string>> DisableAsync(Actor actor, string userId, string? reason, CancellationToken cancellationToken)
    {
        var (user, problem) = await TargetAsync(actor, userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        if (user.Id == actor.UserId)
        {
            return AdminResult<string>.Refused("You cannot disable your own account.");
        }

        if (user.DisabledAt is not null)
        {
            return AdminResult<string>.Refused($"{user.Email} is disabled already.");
        }

        string why = string.IsNullOrWhiteSpace(reason) ? $"by {actor.Name}" : $"by {actor.Name}: {Security.UntrustedText.Clean(reason.Trim(), 200)}";
        user.DisabledAt = clock.GetUtcNow();
        user.DisabledReason = why;
        await SaveAsync(user).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, user.TenantId, AuditActions.Disabled, user.Email!, why, cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<string>.Done($"{user.Email} is disabled.");
    }

    /// <summary>Gives the user another role: one of their tenant's path, with no permission the actor lacks.</summary>
    public async Task<AdminResult<string>> ChangeRoleAsync(Actor actor, string userId, int roleId, CancellationToken cancellationToken)
    {
        var (user, problem) = await TargetAsync(actor, userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        if (user.Id == actor.UserId)
        {
            return AdminResult<string>.Refused("You cannot change your own role.");
        }

        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == user.TenantId, cancellationToken).ConfigureAwait(false);
        var role = (await RolesGivableAsync(actor, tenant, cancellationToken).ConfigureAwait(false)).Roles.FirstOrDefault(r => r.Id == roleId);
        if (role is null)
        {
            return AdminResult<string>.Refused($"That role is not one you may give to a user of {tenant.Name}.");
        }

        if (role.Id == user.RoleId)
        {
            return AdminResult<string>.Refused($"{user.Email} has the role {role.Name} already.");
        }

        string before = await db.Roles.Where(r => r.Id == user.RoleId).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? "?";
        user.RoleId = role.Id;
        await SaveAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, user.TenantId, AuditActions.UserChanged, user.Email!, $"role {before} → {role.Name}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<string>.Done($"{user.Email} now has the role {role.Name}.");
    }

    /// <summary>
    /// Removes the user's authenticator key and recovery codes and turns the second factor off: they enrol again (at their
    /// next sign-in if their tenant requires it). Their sessions end.
    /// </summary>
    public async Task<AdminResult<string>> ResetTwoFactorAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        var (user, problem) = await TargetAsync(actor, userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        bool had = user.TwoFactorEnabled || await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false) is not null;
        if (!had)
        {
            return AdminResult<string>.Refused($"{user.Email} has no second factor to reset.");
        }

        await users.SetTwoFactorEnabledAsync(user, false).ConfigureAwait(false);
        await users.RemoveAuthenticationTokenAsync(user, IdentityTokens.Provider, IdentityTokens.AuthenticatorKey).ConfigureAwait(false);
        await users.RemoveAuthenticationTokenAsync(user, IdentityTokens.Provider, IdentityTokens.RecoveryCodes).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, user.TenantId, AuditActions.TwoFactorDisabled, user.Email!, "reset by an administrator: enrol again",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<string>.Done($"The second factor of {user.Email} is reset: they enrol again.");
    }

    /// <summary>A new one-time token to set the password (a local user only: a directory's user has no password here).</summary>
    public async Task<AdminResult<(PortalUser User, string Token)>> PasswordLinkAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        var (user, problem) = await TargetAsync(actor, userId, cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return AdminResult<(PortalUser, string)>.Refused(problem!);
        }

        if (user.Source != UserSources.Local)
        {
            return AdminResult<(PortalUser, string)>.Refused($"{user.Email} signs in through their directory ({user.Source}): the hub keeps no password for them.");
        }

        string token = await users.GeneratePasswordResetTokenAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, user.TenantId, AuditActions.PasswordLink, user.Email!, $"valid {PortalIdentity.LinkLifetime.TotalDays:F0} days, once",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<(PortalUser, string)>.Done((user, token));
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

        var held = await db.Roles.AsNoTracking().Where(r => r.Id == user.RoleId).Select(r => r.Permissions).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
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
