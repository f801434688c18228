using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>My account: who I am, my tenant and role, my last sign-in; my password; my second factor; sign out everywhere.</summary>
public sealed class AccountModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIns, OwnAccount account) : PageModel
{
    [BindProperty]
    public string Current { get; set; } = string.Empty;

    [BindProperty]
    public string Password { get; set; } = string.Empty;

    [BindProperty]
    public string Again { get; set; } = string.Empty;

    public AccountSummary Summary { get; private set; } = null!;

    public string? Message { get; private set; }

    public string MessageKind { get; private set; } = "ok";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => await ShowAsync(cancellationToken).ConfigureAwait(false);

    public async Task<IActionResult> OnPostPasswordAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User).ConfigureAwait(false) is not { } user)
        {
            return RedirectToPage("/SignIn");
        }

        var changed = await account.ChangePasswordAsync(user, Current, Password, Again, cancellationToken).ConfigureAwait(false);
        if (changed.Succeeded)
        {
            await signIns.RefreshSignInAsync(user).ConfigureAwait(false); // the new security stamp ended every session; this one goes on
        }

        (Message, MessageKind) = changed.Succeeded ? ("Your password is changed. Your other sessions are signed out.", "ok") : (changed.Problem, "error");
        (Current, Password, Again) = (string.Empty, string.Empty, string.Empty);
        return await ShowAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostSignOutEverywhereAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User).ConfigureAwait(false) is { } user)
        {
            await account.SignOutEverywhereAsync(user, cancellationToken).ConfigureAwait(false);
        }

        await signIns.SignOutAsync().ConfigureAwait(false);
        return RedirectToPage("/SignIn", new { done = "signed-out-everywhere" });
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User).ConfigureAwait(false) is not { } user)
        {
            return RedirectToPage("/SignIn");
        }

        Summary = await account.SummaryAsync(user, cancellationToken).ConfigureAwait(false);
        return Page();
    }
}
