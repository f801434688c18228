using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Portal.Sso;

/// <summary>
/// OpenID Connect single sign-on, one authentication scheme a tenant ("sso-{id}"), added when first needed (a sign-in or
/// its callback) and configured from the tenant (<see cref="TenantSsoOptions"/>); a changed tenant setting is taken at
/// the next sign-in. The client secret is kept protected with the hub's Data Protection keys.
/// </summary>
public sealed class TenantSso(IAuthenticationSchemeProvider schemes, IOptionsMonitorCache<OpenIdConnectOptions> cache, IDataProtectionProvider protection)
{
    public const string SchemePrefix = "sso-";

    private readonly IDataProtector _protector = protection.CreateProtector("Kdfm.Hub.OidcClientSecret");
    private readonly ConcurrentDictionary<int, string> _configured = new();

    public static string SchemeName(int tenantId) => SchemePrefix + tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static string CallbackPath(int tenantId) => $"/sign-in/sso/{tenantId.ToString(System.Globalization.CultureInfo.InvariantCulture)}/callback";

    /// <summary>True when the tenant has an authority and a client id (the secret is optional: a public client with PKCE).</summary>
    public static bool IsConfigured(Tenant tenant) =>
        Uri.TryCreate(tenant.OidcAuthority, UriKind.Absolute, out var authority) && (authority.Scheme == "https" || IsLoopback(authority)) && !string.IsNullOrWhiteSpace(tenant.OidcClientId);

    /// <summary>Only an authority on loopback may be plain HTTP (a test's, or a proxy on the hub's machine).</summary>
    public static bool IsLoopback(Uri authority) => authority.Scheme == "http" && (authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address)));

    public string ProtectSecret(string secret) => _protector.Protect(secret);

    public string? UnprotectSecret(string? protectedSecret)
    {
        if (string.IsNullOrEmpty(protectedSecret))
        {
            return null;
        }

        try
        {
            return _protector.Unprotect(protectedSecret);
        }
        catch (CryptographicException)
        {
            return null; // the key ring that protected it is gone: the provider will refuse the client, and say so
        }
    }

    /// <summary>The tenant's scheme, added (or its options renewed after a change of the tenant's settings).</summary>
    public async Task<string> EnsureSchemeAsync(Tenant tenant)
    {
        string name = SchemeName(tenant.Id);
        string settings = $"{tenant.OidcAuthority}\n{tenant.OidcClientId}\n{tenant.OidcClientSecretProtected}";
        if (_configured.TryGetValue(tenant.Id, out var before) && before != settings)
        {
            cache.TryRemove(name);
        }

        _configured[tenant.Id] = settings;
        if (await schemes.GetSchemeAsync(name).ConfigureAwait(false) is null)
        {
            schemes.TryAddScheme(new AuthenticationScheme(name, $"{tenant.Name} SSO", typeof(OpenIdConnectHandler)));
        }

        return name;
    }
}
