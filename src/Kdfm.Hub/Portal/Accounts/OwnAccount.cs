using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>What a signed-in user does to their own account: see it, change their password, end all their sessions. Audited.</summary>
public sealed class OwnAccount(HubDb db, UserManager<PortalUser> users, TwoFactor twoFactor, AuditLog audit)
{
    public async Task<AccountSummary> SummaryAsync(PortalUser user, CancellationToken cancellationToken)
    {
        string tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == user.TenantId).Select(t => t.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? "?";
        string role = await db.Roles.AsNoTracking().Where(r => r.Id == user.RoleId).Select(r => r.Name).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false) ?? "?";
        int left = user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user).ConfigureAwait(false) : 0;
        var requiredBy = await twoFactor.RequiredByAsync(user.TenantId, cancellationToken).ConfigureAwait(false);
        return new AccountSummary(user.Email!, user.DisplayName, tenant, role, user.Source, user.CreatedAt, user.LastSignInAt, user.TwoFactorEnabled, left, requiredBy?.Name);
    }

    /// <summary>A new password for a local account, with the current one. The security stamp changes: the caller refreshes its own session.</summary>
    public async Task<AdminResult<bool>> ChangePasswordAsync(PortalUser user, string current, string password, string again, CancellationToken cancellationToken)
    {
        if (user.Source != UserSources.Local)
        {
            return AdminResult<bool>.Refused("Your password is your organisation's directory password: change it there.");
        }

        if (password != again)
        {
            return AdminResult<bool>.Refused("The two new passwords differ.");
        }

        var result = await users.ChangePasswordAsync(user, current, password).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            bool wrong = result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.PasswordChanged, user.Email!, wrong ? "wrong current password" : "new password refused", AuditLog.Failed,
                cancellationToken).ConfigureAwait(false);
            return AdminResult<bool>.Refused(wrong ? "The current password is not right." : string.Join(" ", result.Errors.Select(e => e.Description)));
        }

        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.PasswordChanged, user.Email!, "on the account page", cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<bool>.Done(true);
    }

    /// <summary>
    /// Ends every session of the user, this one included: a new security stamp, which the session cookie is checked
    /// against at each request (PortalRegistration: ValidationInterval zero).
    /// </summary>
    public async Task SignOutEverywhereAsync(PortalUser user, CancellationToken cancellationToken)
    {
        await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignOutEverywhere, user.Email!, "every session ended", cancellationToken: cancellationToken).ConfigureAwait(false);
    }
}
