using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Directory;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Signs a user in with a password, the product's rules around it: the same answer for an unknown e-mail and a wrong
/// password; 5 failed sign-ins in a row disable the account until an administrator enables it again (or lock it for the
/// tenant's minutes, if the tenant chose that); a disabled account is said so only to whoever knows its password; every
/// attempt is audited. A name that is no local user's is tried against the directories of the tenants that have one
/// (<see cref="DirectorySignIn"/>), under the same rules.
/// </summary>
public sealed class SignInService(HubDb db, UserManager<PortalUser> users, PortalSignInManager signIns, DirectorySignIn directory, AuditLog audit, TimeProvider clock)
{
    public const int MaxFailures = 5;

    public async Task<SignInOutcome> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim()).ConfigureAwait(false);
        if ((user is null || user.Source == UserSources.Ldap) && await DirectoryAsync(email, password, user, cancellationToken).ConfigureAwait(false) is { } byDirectory)
        {
            return byDirectory;
        }

        if (user is null)
        {
            await audit.WriteAsync(email, null, AuditActions.SignInFailed, email, "unknown e-mail", AuditLog.Failed, cancellationToken).ConfigureAwait(false);
            return SignInOutcome.Refused;
        }

        if (user.DisabledAt is not null)
        {
            bool knows = await users.CheckPasswordAsync(user, password).ConfigureAwait(false);
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!, $"account disabled ({user.DisabledReason})", AuditLog.Denied, cancellationToken)
                .ConfigureAwait(false);
            return knows ? SignInOutcome.Disabled : SignInOutcome.Refused;
        }

        if (await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            // A tenant's timed lockout still running: nothing is tried until it ends.
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!, "locked out for now", AuditLog.Denied, cancellationToken).ConfigureAwait(false);
            return SignInOutcome.Disabled;
        }

        var result = await signIns.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true).ConfigureAwait(false);
        if (result.Succeeded || result.RequiresTwoFactor)
        {
            if (result.Succeeded)
            {
                await SignedInAsync(user, "password", cancellationToken).ConfigureAwait(false);
            }

            return result.Succeeded ? SignInOutcome.SignedIn : SignInOutcome.SecondFactor;
        }

        if (result.IsLockedOut)
        {
            return await LockedOutAsync(user, cancellationToken).ConfigureAwait(false);
        }

        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!,
            $"wrong password ({await users.GetAccessFailedCountAsync(user).ConfigureAwait(false)} of {MaxFailures})", AuditLog.Failed, cancellationToken).ConfigureAwait(false);
        return SignInOutcome.Refused;
    }

    /// <summary>A directory user (known, or not yet): null when no tenant's directory takes the name.</summary>
    private async Task<SignInOutcome?> DirectoryAsync(string email, string password, PortalUser? user, CancellationToken cancellationToken)
    {
        if (user is not null && user.DisabledAt is null && await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!, "locked out for now", AuditLog.Denied, cancellationToken).ConfigureAwait(false);
            return SignInOutcome.Disabled;
        }

        if (await directory.CheckAsync(email, password, user, cancellationToken).ConfigureAwait(false) is not { } checkedBy)
        {
            return null;
        }

        (var verdict, user) = checkedBy;
        switch (verdict)
        {
            case DirectoryVerdict.Accepted when user!.DisabledAt is not null:
                await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!, $"account disabled ({user.DisabledReason})", AuditLog.Denied, cancellationToken)
                    .ConfigureAwait(false);
                return SignInOutcome.Disabled;
            case DirectoryVerdict.Accepted:
                var result = await signIns.SignInCheckedElsewhereAsync(user).ConfigureAwait(false);
                if (result.Succeeded)
                {
                    await users.ResetAccessFailedCountAsync(user).ConfigureAwait(false);
                    await SignedInAsync(user, "directory password", cancellationToken).ConfigureAwait(false);
                    return SignInOutcome.SignedIn;
                }

                return result.RequiresTwoFactor ? SignInOutcome.SecondFactor : SignInOutcome.Refused;
            case DirectoryVerdict.NoRole:
                return SignInOutcome.NoRole;
            case DirectoryVerdict.Unavailable:
                return SignInOutcome.DirectoryUnavailable;
        }

        if (user is null)
        {
            await audit.WriteAsync(email, null, AuditActions.SignInFailed, email, "the directory refused the name or password", AuditLog.Failed, cancellationToken).ConfigureAwait(false);
            return SignInOutcome.Refused;
        }

        if (user.DisabledAt is not null)
        {
            return SignInOutcome.Refused;
        }

        await users.AccessFailedAsync(user).ConfigureAwait(false);
        if (await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            return await LockedOutAsync(user, cancellationToken).ConfigureAwait(false);
        }

        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!,
            $"wrong directory password ({await users.GetAccessFailedCountAsync(user).ConfigureAwait(false)} of {MaxFailures})", AuditLog.Failed, cancellationToken).ConfigureAwait(false);
        return SignInOutcome.Refused;
    }

    /// <summary>After any successful sign-in (password, second factor, directory, single sign-on): the date the idle rule counts from.</summary>
    public async Task SignedInAsync(PortalUser user, string how, CancellationToken cancellationToken)
    {
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignIn, user.Email!, how, AuditLog.Ok, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The fifth failure (of a password, or of a second factor): Identity locked the account. The product's rule is that it stays disabled until an administrator
    /// enables it; a tenant may choose a timed lockout instead (its LockoutMinutes).
    /// </summary>
    public async Task<SignInOutcome> LockedOutAsync(PortalUser user, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == user.TenantId, cancellationToken).ConfigureAwait(false);
        if (tenant?.LockoutMinutes is { } minutes)
        {
            await users.SetLockoutEndDateAsync(user, now.AddMinutes(minutes)).ConfigureAwait(false);
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.Lockout, user.Email!, $"{MaxFailures} failed sign-ins: locked for {minutes} min", AuditLog.Denied, cancellationToken)
                .ConfigureAwait(false);
            return SignInOutcome.LockedOut;
        }

        user.DisabledAt = now;
        user.DisabledReason = $"{MaxFailures} failed sign-ins";
        user.LockoutEnd = null;
        user.AccessFailedCount = 0;
        await users.UpdateAsync(user).ConfigureAwait(false);
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.Lockout, user.Email!, $"{MaxFailures} failed sign-ins: account disabled until an administrator enables it",
            AuditLog.Denied, cancellationToken).ConfigureAwait(false);
        return SignInOutcome.LockedOut;
    }
}
