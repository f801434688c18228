using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Kdfm.Hub.Portal.Sso;

/// <summary>
/// The options of a tenant's scheme, from the tenant: authorization code flow with PKCE (RFC 7636), scopes openid
/// profile email, the callback /sign-in/sso/{id}/callback. The returned identity is not kept in a cookie of its own:
/// <see cref="SsoSignIn"/> turns it into the portal's session, or refuses it.
/// </summary>
public sealed class TenantSsoOptions(IServiceScopeFactory scopes, TenantSso sso) : IConfigureNamedOptions<OpenIdConnectOptions>
{
    public void Configure(OpenIdConnectOptions options) => Configure(Options.DefaultName, options);

    public void Configure(string? name, OpenIdConnectOptions options)
    {
        if (name is null || !name.StartsWith(TenantSso.SchemePrefix, StringComparison.Ordinal) || !int.TryParse(name.AsSpan(TenantSso.SchemePrefix.Length), out int tenantId))
        {
            return;
        }

        using var scope = scopes.CreateScope();
        // Options are made synchronously by the framework: one small read, once per scheme and change.
        var tenant = scope.ServiceProvider.GetRequiredService<HubDb>().Tenants.AsNoTracking().FirstOrDefault(t => t.Id == tenantId);
        if (tenant is null || !TenantSso.IsConfigured(tenant))
        {
            return;
        }

        var authority = new Uri(tenant.OidcAuthority!);
        options.Authority = tenant.OidcAuthority;
        options.RequireHttpsMetadata = !TenantSso.IsLoopback(authority);
        options.ClientId = tenant.OidcClientId;
        options.ClientSecret = sso.UnprotectSecret(tenant.OidcClientSecretProtected);
        options.ResponseType = OpenIdConnectResponseType.Code;
        options.UsePkce = true;
        options.CallbackPath = TenantSso.CallbackPath(tenant.Id);
        options.SignInScheme = IdentityConstants.ExternalScheme;
        options.MapInboundClaims = false; // the provider's claim names as they are: email, preferred_username
        options.SaveTokens = false;
        options.GetClaimsFromUserInfoEndpoint = false;
        options.Scope.Clear();
        options.Scope.Add("openid");
        options.Scope.Add("profile");
        options.Scope.Add("email");
        options.Events.OnTicketReceived = context => context.HttpContext.RequestServices.GetRequiredService<SsoSignIn>().SignInAsync(context, tenant.Id);
        options.Events.OnRemoteFailure = context => context.HttpContext.RequestServices.GetRequiredService<SsoSignIn>().FailedAsync(context, tenant.Id);
    }
}
