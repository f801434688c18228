using System.Security.Claims;
using System.Text.Encodings.Web;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Access;

/// <summary>
/// <c>Authorization: Bearer TOKEN</c> for the API: a personal API token (the user's permissions and tenant scope, until it
/// expires or is revoked), or the bootstrap admin token, accepted only while no dealer admin exists: it is how the first
/// one is made, not a key to keep using.
/// </summary>
public sealed class ApiTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, HubDb db,
    BootstrapToken bootstrap, TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "bearer";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return AuthenticateResult.NoResult();
        }

        string token = header["Bearer ".Length..].Trim();
        if (bootstrap.Matches(token))
        {
            // Once a dealer admin exists — enabled or not: disabling every dealer admin (five wrong passwords each, or the
            // idle rule) must not bring the all-tenants token back — only personal tokens open the API.
            if (await db.Users.AnyAsync(u => u.RoleId == Access.BuiltInRoles.DealerAdminId, Context.RequestAborted).ConfigureAwait(false))
            {
                return AuthenticateResult.Fail("the admin token only bootstraps the first dealer admin; use a personal API token (the portal's API tokens page, or kdfm-hub tokens create)");
            }

            return Success(new Claim(KdfmClaims.Via, KdfmClaims.ViaBootstrap), new Claim(ClaimTypes.Name, "admin token"));
        }

        string hash = Secrets.Hash(token);
        var now = clock.GetUtcNow();
        var found = await db.ApiTokens.Where(t => t.Hash == hash).FirstOrDefaultAsync(Context.RequestAborted).ConfigureAwait(false);
        if (found is null || found.RevokedAt is not null || found.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail(found is null ? "unknown API token" : found.RevokedAt is not null ? "this API token was revoked" : "this API token has expired");
        }

        if (found.LastUsedAt is null || now - found.LastUsedAt > TimeSpan.FromMinutes(1))
        {
            found.LastUsedAt = now; // coarse: one write a minute at most
            await db.SaveChangesAsync(Context.RequestAborted).ConfigureAwait(false);
        }

        return Success(new Claim(ClaimTypes.NameIdentifier, found.UserId), new Claim(KdfmClaims.Via, KdfmClaims.ViaToken), new Claim(KdfmClaims.TokenId, found.Id));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        return Task.CompletedTask;
    }

    private AuthenticateResult Success(params Claim[] claims) =>
        AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
}
