using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>Signing out is a POST (with the antiforgery token): a link or an image elsewhere cannot sign a user out.</summary>
[AllowAnonymous]
public sealed class SignOutModel(SignInManager<PortalUser> signIns, ActorAccessor actors, AuditLog audit) : PageModel
{
    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await actors.GetAsync(cancellationToken).ConfigureAwait(false) is { } actor)
        {
            await audit.WriteAsync(actor, AuditActions.SignOut, actor.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        await signIns.SignOutAsync().ConfigureAwait(false);
        return Page();
    }
}
