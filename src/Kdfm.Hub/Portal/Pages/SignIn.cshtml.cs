using Kdfm.Hub.Portal.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

[AllowAnonymous]
public sealed class SignInModel(SignInService signIn) : PageModel
{
    [BindProperty]
    public string Email { get; set; } = string.Empty;

    [BindProperty]
    public string Password { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public string MessageKind { get; private set; } = "error";

    public void OnGet(string? done)
    {
        if (done == "password-set")
        {
            (Message, MessageKind) = ("Your password is set: sign in with it.", "ok");
        }
        else if (done == "signed-out-everywhere")
        {
            (Message, MessageKind) = ("You are signed out in every browser.", "ok");
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var outcome = await signIn.SignInAsync(Email, Password, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case SignInOutcome.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
            case SignInOutcome.SecondFactor:
                return RedirectToPage("/SecondFactor", new { ReturnUrl });
            case SignInOutcome.LockedOut:
                Message = "That was the fifth failed sign-in: the account is disabled. An administrator of your organisation can enable it again.";
                break;
            case SignInOutcome.NoRole:
                Message = "Your directory account is right, but none of its groups has a role in Kdfm. An administrator of your organisation can give your group a role.";
                break;
            case SignInOutcome.DirectoryUnavailable:
                Message = "Your organisation's directory did not answer, so your password could not be checked. Try again later, or tell an administrator.";
                break;
            case SignInOutcome.Disabled:
                Message = "This account is disabled. An administrator of your organisation can enable it again.";
                break;
            default:
                Message = "Wrong e-mail or password.";
                break;
        }

        Password = string.Empty;
        return Page();
    }
}
