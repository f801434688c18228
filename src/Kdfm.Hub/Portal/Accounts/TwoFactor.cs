using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// A user's own second factor: a TOTP authenticator (RFC 6238) enrolled with a key shown as a QR code and as text,
/// confirmed with a code of the app, then 10 single-use recovery codes shown once (renewable with a current code).
/// Turning it off needs a current code or the password, and is refused where the tenant (or one above it) requires it.
/// The key and the codes are kept encrypted (<see cref="ProtectedUserStore"/>). Every change is audited.
/// </summary>
public sealed class TwoFactor(HubDb db, UserManager<PortalUser> users, IUserStore<PortalUser> store, AuditLog audit)
{
    public const int RecoveryCodeCount = 10;

    private const string KeyProvider = "[AspNetUserStore]"; // Identity's names for the key and the codes in the tokens table
    private const string KeyName = "AuthenticatorKey";
    private const string CodesName = "RecoveryCodes";

    /// <summary>The key to enrol (made on first call and kept until confirmed, so a reload shows the same one).</summary>
    public async Task<AuthenticatorKey> PendingKeyAsync(PortalUser user)
    {
        string? key = await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false);
        if (string.IsNullOrEmpty(key))
        {
            // Through the store: ResetAuthenticatorKeyAsync would also renew the security stamp and end the session, for a
            // key that protects nothing yet.
            await ((IUserAuthenticatorKeyStore<PortalUser>)store).SetAuthenticatorKeyAsync(user, users.GenerateNewAuthenticatorKey(), CancellationToken.None).ConfigureAwait(false);
            await users.UpdateAsync(user).ConfigureAwait(false);
            key = await users.GetAuthenticatorKeyAsync(user).ConfigureAwait(false);
        }

        return AuthenticatorKey.For(user.Email!, key!);
    }

    /// <summary>Turns the second factor on with a code of the app; the recovery codes, to show once.</summary>
    public async Task<AdminResult<IReadOnlyList<string>>> ConfirmAsync(PortalUser user, string code, CancellationToken cancellationToken)
    {
        if (user.TwoFactorEnabled)
        {
            return AdminResult<IReadOnlyList<string>>.Refused("Two-factor sign-in is on already.");
        }

        if (!await CodeIsRightAsync(user, code).ConfigureAwait(false))
        {
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.TwoFactorEnrolmentFailed, user.Email!, "wrong authenticator code", AuditLog.Failed, cancellationToken)
                .ConfigureAwait(false);
            return AdminResult<IReadOnlyList<string>>.Refused("That code is not right. Check that your phone's clock is right, and enter the code the app shows now.");
        }

        await users.SetTwoFactorEnabledAsync(user, true).ConfigureAwait(false); // a new security stamp: the caller refreshes its session
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount).ConfigureAwait(false))!.ToList();
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.TwoFactorEnabled, user.Email!, $"authenticator app, {codes.Count} recovery codes",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<IReadOnlyList<string>>.Done(codes);
    }

    /// <summary>New recovery codes (the old ones stop working), with a current code of the app.</summary>
    public async Task<AdminResult<IReadOnlyList<string>>> RenewRecoveryCodesAsync(PortalUser user, string code, CancellationToken cancellationToken)
    {
        if (!user.TwoFactorEnabled)
        {
            return AdminResult<IReadOnlyList<string>>.Refused("Two-factor sign-in is off: there are no recovery codes to renew.");
        }

        if (!await CodeIsRightAsync(user, code).ConfigureAwait(false))
        {
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.RecoveryCodesRenewed, user.Email!, "wrong authenticator code", AuditLog.Failed, cancellationToken)
                .ConfigureAwait(false);
            return AdminResult<IReadOnlyList<string>>.Refused("That code is not right: the recovery codes were not renewed.");
        }

        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, RecoveryCodeCount).ConfigureAwait(false))!.ToList();
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.RecoveryCodesRenewed, user.Email!, $"{codes.Count} new recovery codes", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return AdminResult<IReadOnlyList<string>>.Done(codes);
    }

    /// <summary>Turns the second factor off with a current code of the app or the password; the key and the codes are deleted.</summary>
    public async Task<AdminResult<bool>> TurnOffAsync(PortalUser user, string codeOrPassword, CancellationToken cancellationToken)
    {
        if (await RequiredByAsync(user.TenantId, cancellationToken).ConfigureAwait(false) is { } tenant)
        {
            return AdminResult<bool>.Refused($"{tenant.Name} requires two-factor sign-in: it cannot be turned off.");
        }

        bool proven = await CodeIsRightAsync(user, codeOrPassword).ConfigureAwait(false)
                      || (user.PasswordHash is not null && await users.CheckPasswordAsync(user, codeOrPassword).ConfigureAwait(false));
        if (!proven)
        {
            await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.TwoFactorDisabled, user.Email!, "wrong code or password", AuditLog.Failed, cancellationToken)
                .ConfigureAwait(false);
            return AdminResult<bool>.Refused("That is neither a current code of your app nor your password: two-factor sign-in stays on.");
        }

        await users.SetTwoFactorEnabledAsync(user, false).ConfigureAwait(false);
        await users.RemoveAuthenticationTokenAsync(user, KeyProvider, KeyName).ConfigureAwait(false);
        await users.RemoveAuthenticationTokenAsync(user, KeyProvider, CodesName).ConfigureAwait(false);
        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.TwoFactorDisabled, user.Email!, "by the user", cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<bool>.Done(true);
    }

    /// <summary>The tenant that requires a second factor of <paramref name="tenantId"/>'s users: itself or one above it (a dealer covers its customers); null = none.</summary>
    public async Task<Tenant?> RequiredByAsync(int tenantId, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        return tree.Nearest(tenantId, t => t.RequireTwoFactor);
    }

    private Task<bool> CodeIsRightAsync(PortalUser user, string code)
    {
        code = code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        return code.Length == 6 && code.All(char.IsAsciiDigit)
            ? users.VerifyTwoFactorTokenAsync(user, users.Options.Tokens.AuthenticatorTokenProvider, code)
            : Task.FromResult(false);
    }
}
