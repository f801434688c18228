using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;

namespace Kdfm.Hub.Access;

/// <summary>
/// Identity's user store with the user tokens encrypted at rest: the TOTP authenticator key and the recovery codes are
/// kept in AspNetUserTokens, in clear by default. Here they go through the hub's Data Protection keys (kept in the same
/// store). Identity's ProtectPersonalData would need a deterministic protector for user-name look-ups; only the tokens
/// need protecting, and they are never looked up by value.
/// </summary>
public sealed class ProtectedUserStore(HubDb db, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserOnlyStore<PortalUser, HubDb>(db, describer)
{
    private readonly IDataProtector _protector = protection.CreateProtector("Kdfm.Hub.UserTokens");

    public override Task SetTokenAsync(PortalUser user, string loginProvider, string name, string? value, CancellationToken cancellationToken) =>
        base.SetTokenAsync(user, loginProvider, name, value is null ? null : _protector.Protect(value), cancellationToken);

    public override async Task<string?> GetTokenAsync(PortalUser user, string loginProvider, string name, CancellationToken cancellationToken)
    {
        string? stored = await base.GetTokenAsync(user, loginProvider, name, cancellationToken).ConfigureAwait(false);
        return stored is null ? null : _protector.Unprotect(stored);
    }
}
