using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Kdfm.Hub.Portal.Sso;

namespace Kdfm.Hub.Portal;

/// <summary>
/// The portal and who may do what: ASP.NET Core Identity on the hub's store (passwords, TOTP, lockout), the session cookie
/// of the pages, personal API tokens (and the bootstrap admin token) for /api/v1, one policy a permission, the audit log,
/// Data Protection keys kept in the store, Razor Pages under Portal/Pages.
/// </summary>
public static class PortalRegistration
{
    /// <summary>Picks the bearer token handler for a request with Authorization: Bearer, the session cookie otherwise.</summary>
    public const string Scheme = "kdfm";

    public static IServiceCollection AddPortal(this IServiceCollection services, HubOptions options, string adminToken)
    {
        services.AddPortalIdentity(options);
        // The session is checked against the store at every request: a disabled user, a changed password or "sign out
        // everywhere" (a new security stamp) ends every session at once.
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero);
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = Scheme;
                o.DefaultChallengeScheme = Scheme;
            })
            // An API token opens the API only: a token leaked from a script must not reach the portal's pages (make more
            // tokens, enrol an authenticator) nor pass the second factor a session needs.
            .AddPolicyScheme(Scheme, "session cookie or API token", o => o.ForwardDefaultSelector = context =>
                context.Request.Path.StartsWithSegments(Kdfm.Hub.Api.ReadApi.Prefix, StringComparison.OrdinalIgnoreCase)
                && context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                    ? ApiTokenHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiTokenHandler>(ApiTokenHandler.SchemeName, null)
            .AddIdentityCookies();
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "kdfm.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.ExpireTimeSpan = PortalIdentity.SessionIdle;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/sign-in";
            cookie.LogoutPath = "/sign-out";
            cookie.AccessDeniedPath = "/status/403";
            cookie.ReturnUrlParameter = "returnUrl";
            // The API answers with status codes, never with a redirect to a page.
            cookie.Events.OnRedirectToLogin = context => Api(context, StatusCodes.Status401Unauthorized);
            cookie.Events.OnRedirectToAccessDenied = context => Api(context, StatusCodes.Status403Forbidden);
        });
        services.Configure<CookieAuthenticationOptions>(IdentityConstants.TwoFactorUserIdScheme, cookie =>
        {
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "kdfm.antiforgery";
            antiforgery.Cookie.HttpOnly = true;
            antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.Always;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
        services.AddAuthorization(authorization =>
        {
            authorization.AddPolicy(PermissionRequirement.SignedIn, policy => policy.AddRequirements(new PermissionRequirement(Permission.None)));
            foreach (var permission in Enum.GetValues<Permission>().Where(p => p is not (Permission.None or Permission.All)))
            {
                authorization.AddPolicy(PermissionRequirement.PolicyName(permission), policy => policy.AddRequirements(new PermissionRequirement(permission)));
            }
        });
        services.AddScoped<IAuthorizationHandler, PermissionHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditedAuthorization>();
        services.AddSingleton(new BootstrapToken(adminToken));
        services.AddScoped<ActorAccessor>();
        services.AddScoped<SignInService>();
        services.AddScoped<TwoFactor>();
        services.AddScoped<OwnAccount>();
        services.AddScoped<IdleAccounts>();
        services.AddSingleton<AccountHousekeeping>();
        services.AddHostedService(sp => sp.GetRequiredService<AccountHousekeeping>());
        services.AddSingleton<Directory.LdapDirectory>();
        services.AddScoped<Directory.DirectorySignIn>();
        services.AddSingleton<Sso.TenantSso>();
        services.AddSingleton<IConfigureOptions<OpenIdConnectOptions>, Sso.TenantSsoOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<OpenIdConnectOptions>, OpenIdConnectPostConfigureOptions>());
        services.AddScoped<Sso.SsoSignIn>();
        services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/Portal/Pages";
            pages.Conventions.AuthorizeFolder("/", PermissionRequirement.SignedIn);
        });
        return services;
    }

    /// <summary>
    /// Users, their passwords and second factors (ASP.NET Core Identity on the hub's store), the Data Protection keys kept
    /// in the store, the audit log and the account administration: what the command line needs as much as the portal.
    /// </summary>
    public static IServiceCollection AddPortalIdentity(this IServiceCollection services, HubOptions options)
    {
        services.AddHttpContextAccessor();
        // The keys live in the store, encrypted with a certificate of the data directory (not in the store).
        var keyEncryption = KeyEncryptionCertificate.LoadOrCreate(options);
        services.AddDataProtection().SetApplicationName("kdfm-hub").PersistKeysToDbContext<HubDb>()
            .ProtectKeysWithCertificate(keyEncryption).UnprotectKeysWithAnyCertificate(keyEncryption);
        services.AddIdentityCore<PortalUser>(identity =>
            {
                identity.User.RequireUniqueEmail = true;
                identity.Lockout.MaxFailedAccessAttempts = SignInService.MaxFailures;
                identity.Lockout.AllowedForNewUsers = true;
                identity.Password.RequiredLength = Pages.SetPasswordModel.MinimumLength;
                identity.Password.RequireNonAlphanumeric = false;
                identity.Password.RequireUppercase = false;
                identity.Password.RequireLowercase = false;
                identity.Password.RequireDigit = false;
            })
            .AddUserStore<ProtectedUserStore>()
            .AddSignInManager<PortalSignInManager>()
            .AddDefaultTokenProviders();
        services.Configure<DataProtectionTokenProviderOptions>(o => o.TokenLifespan = PortalIdentity.LinkLifetime);
        services.AddScoped<AuditLog>();
        services.AddScoped<AccountAdmin>();
        services.AddScoped<UserAdmin>();
        services.AddScoped<TokenAdmin>();
        services.AddScoped<RoleAdmin>();
        services.AddScoped<TenantAdmin>();
        services.AddScoped<AuditTrail.AuditSearch>();
        return services;
    }

    /// <summary>Headers, static files, who the caller is and what they may do; then the pages.</summary>
    public static void UsePortal(this WebApplication app)
    {
        var files = new Microsoft.Extensions.FileProviders.ManifestEmbeddedFileProvider(typeof(PortalRegistration).Assembly, "wwwroot");
        app.Environment.WebRootFileProvider = files; // asp-append-version hashes the same files
        app.UseSecurityHeaders();
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        app.UseTenantSsoCallbacks();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRequiredTwoFactor();
        app.MapRazorPages();
    }

    /// <summary>
    /// An error status of a portal page (403, 404, a refused form's 400, a 500) is shown as the Status page at the URL that
    /// was asked for, with its status kept. Before routing, so that the re-executed request finds its page. Not for the API
    /// (problem details), gRPC or MQTT.
    /// </summary>
    public static void UsePortalStatusPages(this WebApplication app) =>
        app.UseWhen(IsPortalRequest, portal => portal.UseStatusCodePagesWithReExecute("/status/{0}"));

    private static bool IsPortalRequest(HttpContext context) =>
        !context.Request.Path.StartsWithSegments(Kdfm.Hub.Api.ReadApi.Prefix, StringComparison.OrdinalIgnoreCase)
        && !context.Request.Path.StartsWithSegments(Kdfm.Hub.Mqtt.MqttEndpoints.WebSocketPath, StringComparison.OrdinalIgnoreCase)
        && context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) != true
        && !SecurityHeaders.IsStaticFile(context.Request.Path);

    /// <summary>
    /// Not signed in: a page sends the person to the sign-in page; the API answers 401. Not allowed: 403 for both (a page's
    /// 403 is shown by the Status page, at the URL asked for).
    /// </summary>
    private static Task Api(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (status == StatusCodes.Status403Forbidden || context.Request.Path.StartsWithSegments(Kdfm.Hub.Api.ReadApi.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = status;
        }
        else
        {
            context.Response.Redirect(context.RedirectUri);
        }

        return Task.CompletedTask;
    }
}
