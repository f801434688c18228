using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// After a right password, for a user with a second factor: a TOTP code of their authenticator (RFC 6238), or one of
/// their recovery codes (each good once). Failures count toward the same 5 as passwords.
/// </summary>
[AllowAnonymous]
public sealed class SecondFactorModel(SignInManager<PortalUser> signIns, UserManager<PortalUser> users, SignInService signIn, AuditLog audit) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = string.Empty;

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Message { get; private set; }

    public async Task<IActionResult> OnGetAsync() =>
        await signIns.GetTwoFactorAuthenticationUserAsync().ConfigureAwait(false) is null ? RedirectToPage("/SignIn") : Page();

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var user = await signIns.GetTwoFactorAuthenticationUserAsync().ConfigureAwait(false);
        if (user is null)
        {
            return RedirectToPage("/SignIn");
        }

        string code = Code.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("-", string.Empty, StringComparison.Ordinal);
        bool recovery = code.Length != 6 || !code.All(char.IsAsciiDigit);
        // Recovery codes are made upper case, XXXXX-XXXXX; typed in lower case, or without the dash, they still count.
        var result = recovery
            ? await signIns.TwoFactorRecoveryCodeSignInAsync(RecoveryCode(code)).ConfigureAwait(false)
            : await signIns.TwoFactorAuthenticatorSignInAsync(code, isPersistent: false, rememberClient: false).ConfigureAwait(false);
        if (result.Succeeded)
        {
            if (recovery)
            {
                int left = await users.CountRecoveryCodesAsync(user).ConfigureAwait(false);
                await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.RecoveryCodeUsed, user.Email!, $"a recovery code was used; {left} left", cancellationToken: cancellationToken)
                    .ConfigureAwait(false);
            }

            await signIn.SignedInAsync(user, recovery ? "password and recovery code" : "password and authenticator code", cancellationToken).ConfigureAwait(false);
            return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl! : "/");
        }

        await audit.WriteAsync(user.Email!, user.TenantId, AuditActions.SignInFailed, user.Email!, recovery ? "wrong recovery code" : "wrong authenticator code", AuditLog.Failed,
            cancellationToken).ConfigureAwait(false);
        if (recovery && !result.IsLockedOut)
        {
            // Identity counts a wrong authenticator code, not a wrong recovery code: both count towards the five.
            await users.AccessFailedAsync(user).ConfigureAwait(false);
        }

        if (result.IsLockedOut || await users.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            // The fifth wrong code: the product's rule, as for passwords (disabled, or the tenant's timed lockout), audited.
            await signIn.LockedOutAsync(user, cancellationToken).ConfigureAwait(false);
            await signIns.SignOutAsync().ConfigureAwait(false);
            Message = "That was the fifth wrong code: the account is locked. An administrator of your organisation can enable it again.";
            return Page();
        }

        Message = "That code is not right (or was used already).";
        return Page();
    }

    private static string RecoveryCode(string code)
    {
        code = code.ToUpperInvariant();
        return code.Length == 10 ? $"{code[..5]}-{code[5..]}" : code;
    }
}
