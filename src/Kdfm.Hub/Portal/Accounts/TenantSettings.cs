namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// A tenant's sign-in settings as the form edits them. The OIDC client secret is write-only: <see cref="NewOidcSecret"/>
/// replaces it when given (null or empty keeps the stored one), <see cref="ClearOidcSecret"/> removes it; it is never read
/// back, the page only learns whether one is set (<see cref="OidcSecretSet"/>).
/// </summary>
public sealed record TenantSettings(
    bool RequireTwoFactor,
    int IdleDays,
    int? LockoutMinutes,
    string? LdapUrl,
    string? LdapBindTemplate,
    string? LdapGroupBase,
    string? OidcAuthority,
    string? OidcClientId,
    string? NewOidcSecret = null,
    bool ClearOidcSecret = false,
    bool OidcSecretSet = false)
{
    public static readonly IReadOnlyList<int> IdleChoices = [90, 180];

    public const int MaxLockoutMinutes = 1440;
}
