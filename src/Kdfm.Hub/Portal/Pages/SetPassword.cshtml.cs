using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// The one-time link of a new user (kdfm-hub users add, or the Users page) or of a password reset: Identity's reset token,
/// valid once and for <see cref="Accounts.PortalIdentity.LinkLifetime"/>.
/// </summary>
[AllowAnonymous]
public sealed class SetPasswordModel(UserManager<PortalUser> users, AuditLog audit) : PageModel
{
    public const int MinimumLength = 12;

    [BindProperty(SupportsGet = true, Name = "user")]
    public new string User { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string Token { get; set; } = string.Empty;

    [BindProperty]
    public string Password { get; set; } = string.Empty;

    [BindProperty]
    public string Again { get; set; } = string.Empty;

    public string? Email { get; private set; }

    public bool LinkValid { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync()
    {
        var user = await users.FindByIdAsync(User).ConfigureAwait(false);
        LinkValid = user is not null && await users.VerifyUserTokenAsync(user, users.Options.Tokens.PasswordResetTokenProvider, UserManager<PortalUser>.ResetPasswordTokenPurpose, Token)
            .ConfigureAwait(false);
        Email = user?.Email;
        Problem = LinkValid ? null : "This link is not valid any more (used, expired, or mistyped). Ask an administrator for a new one.";
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await users.FindByIdAsync(User).ConfigureAwait(false);
        if (user is null)
        {
            (LinkValid, Problem) = (false, "This link is not valid any more. Ask an administrator for a new one.");
            return Page();
        }

        Email = user.Email;
        LinkValid = true;
        if (Password != Again)
        {
            Problem = "The two passwords differ.";
            return Page();
        }

        var result = await users.ResetPasswordAsync(user, Token, Password).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Problem = string.Join(" ", result.Errors.Select(e => e.Description));
            LinkValid = !result.Errors.Any(e => e.Code == "InvalidToken");
            return Page();
        }

        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.PasswordSet, user.Email!, "with a one-time link", cancellationToken: cancellationToken).ConfigureAwait(false);
        return RedirectToPage("/SignIn", new { done = "password-set" });
    }
}
