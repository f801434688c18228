using Kdfm.Hub.Portal.Sso;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// /sign-in/sso/{tenant}: off to the tenant's identity provider (OpenID Connect, code flow with PKCE). A link, not a
/// form: the content security policy's form-action 'self' would stop a form's redirect to the provider.
/// </summary>
[AllowAnonymous]
public sealed class SignInSsoModel(SsoSignIn sso, TenantSso schemes) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string tenant, CancellationToken cancellationToken)
    {
        if (await sso.TenantAsync(tenant, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            Response.StatusCode = StatusCodes.Status404NotFound;
            return Page();
        }

        string scheme = await schemes.EnsureSchemeAsync(found).ConfigureAwait(false);
        return Challenge(new AuthenticationProperties { RedirectUri = SsoSignIn.ContinuePath }, scheme);
    }
}
