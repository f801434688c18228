using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>What an administrator changes on an account: state, role, second factor, password link.</summary>
public sealed partial class UserAdmin
{
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

        if (user.Id == actor.UserId)
        {
            // Turning one's own second factor off needs a code or the password (My account): a session alone is not proof.
            return AdminResult<string>.Refused("Your own second factor is turned off under My account, with a code or your password.");
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

        if (user.Id == actor.UserId)
        {
            // A link for oneself would set a new password without the current one: a session alone is not proof.
            return AdminResult<(PortalUser, string)>.Refused("Your own password is changed under My account, with your current password.");
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
}
