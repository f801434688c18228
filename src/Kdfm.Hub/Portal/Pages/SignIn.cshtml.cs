using Kdfm.Hub.Portal.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

[AllowAnonymous]
public sealed class SignInModel(SignInService signIn, Sso.SsoSignIn sso) : PageModel
{
    /// <summary>A tenant named in the link (/sign-in?tenant=NAME) whose single sign-on is offered.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Tenant { get; set; }

    public string? SsoTenant { get; private set; }

    [BindProperty]
    public string Email { get; set; } = string.Empty;

    [BindProperty]
    public string Password { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public string MessageKind { get; private set; } = "error";

    public async Task OnGetAsync(string? done, CancellationToken cancellationToken)
    {
        SsoTenant = string.IsNullOrWhiteSpace(Tenant) ? null : (await sso.TenantAsync(Tenant.Trim(), cancellationToken).ConfigureAwait(false))?.Name;
        if (done == "password-set")
        {
            (Message, MessageKind) = ("Your password is set: sign in with it.", "ok");
        }
        else if (done == "signed-out-everywhere")
        {
            (Message, MessageKind) = ("You are signed out in every browser.", "ok");
        }
        else if (done == "sso-unknown")
        {
            Message = "Your organisation's sign-in worked, but Kdfm has no user with your e-mail there. An administrator of your organisation can add you.";
        }
        else if (done == "sso-failed")
        {
            Message = "The single sign-on did not complete. Try again, or sign in with your password.";
        }
        else if (done == "disabled")
        {
            Message = "This account is disabled. An administrator of your organisation can enable it again.";
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
