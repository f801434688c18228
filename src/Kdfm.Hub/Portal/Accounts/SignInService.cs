using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Signs a user in with a password, the product's rules around it: the same answer for an unknown e-mail and a wrong
/// password; 5 failed sign-ins in a row disable the account until an administrator enables it again (or lock it for the
/// tenant's minutes, if the tenant chose that); a disabled account is said so only to whoever knows its password; every
/// attempt is audited.
/// </summary>
public sealed class SignInService(HubDb db, UserManager<PortalUser> users, SignInManager<PortalUser> signIns, AuditLog audit, TimeProvider clock)
{
    public const int MaxFailures = 5;

    public async Task<SignInOutcome> SignInAsync(string email, string password, CancellationToken cancellationToken)
    {
        var user = await users.FindByEmailAsync(email.Trim()).ConfigureAwait(false);
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

    /// <summary>After any successful sign-in (password, second factor, directory, single sign-on): the date the idle rule counts from.</summary>
    public async Task SignedInAsync(PortalUser user, string how, CancellationToken cancellationToken)
    {
        user.LastSignInAt = clock.GetUtcNow();
        await users.UpdateAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignIn, user.Email!, how, AuditLog.Ok, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The fifth failure: Identity locked the account. The product's rule is that it stays disabled until an administrator
    /// enables it; a tenant may choose a timed lockout instead (its LockoutMinutes).
    /// </summary>
    private async Task<SignInOutcome> LockedOutAsync(PortalUser user, CancellationToken cancellationToken)
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
