using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// Two-factor sign-in: enrol an authenticator app (QR code, or the key typed), confirm with a code, see the recovery
/// codes once; later renew them or turn it off. The one page a user of a tenant that requires it reaches before enrolling.
/// </summary>
public sealed class AccountTwoFactorModel(UserManager<PortalUser> users, SignInManager<PortalUser> signIns, TwoFactor twoFactor, OwnAccount account) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = string.Empty;

    public AccountSummary Summary { get; private set; } = null!;

    /// <summary>The key to enrol, while two-factor sign-in is off.</summary>
    public AuthenticatorKey? Key { get; private set; }

    /// <summary>Recovery codes just made: shown this once.</summary>
    public IReadOnlyList<string>? RecoveryCodes { get; private set; }

    public string? Message { get; private set; }

    public string MessageKind { get; private set; } = "ok";

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => ShowAsync(cancellationToken);

    public Task<IActionResult> OnPostConfirmAsync(CancellationToken cancellationToken) =>
        ActAsync(user => twoFactor.ConfirmAsync(user, Code, cancellationToken), "Two-factor sign-in is on. Keep these recovery codes somewhere safe: they are shown only now.",
            refresh: true, cancellationToken);

    public Task<IActionResult> OnPostRenewAsync(CancellationToken cancellationToken) =>
        ActAsync(user => twoFactor.RenewRecoveryCodesAsync(user, Code, cancellationToken), "New recovery codes: the old ones no longer work. They are shown only now.",
            refresh: false, cancellationToken);

    public Task<IActionResult> OnPostTurnOffAsync(CancellationToken cancellationToken) =>
        ActAsync(async user =>
        {
            var off = await twoFactor.TurnOffAsync(user, Code, cancellationToken).ConfigureAwait(false);
            return off.Succeeded ? AdminResult<IReadOnlyList<string>?>.Done(null) : AdminResult<IReadOnlyList<string>?>.Refused(off.Problem!);
        }, "Two-factor sign-in is off.", refresh: true, cancellationToken);

    private async Task<IActionResult> ActAsync<T>(Func<PortalUser, Task<AdminResult<T>>> act, string done, bool refresh, CancellationToken cancellationToken)
        where T : IReadOnlyList<string>?
    {
        if (await users.GetUserAsync(User).ConfigureAwait(false) is not { } user)
        {
            return RedirectToPage("/SignIn");
        }

        var result = await act(user).ConfigureAwait(false);
        if (result.Succeeded && refresh)
        {
            await signIns.RefreshSignInAsync(user).ConfigureAwait(false); // turning it on or off renews the security stamp; this session goes on
        }

        RecoveryCodes = result.Succeeded ? result.Value : null;
        (Message, MessageKind) = result.Succeeded ? (done, "ok") : (result.Problem, "error");
        Code = string.Empty;
        return await ShowAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken cancellationToken)
    {
        if (await users.GetUserAsync(User).ConfigureAwait(false) is not { } user)
        {
            return RedirectToPage("/SignIn");
        }

        Summary = await account.SummaryAsync(user, cancellationToken).ConfigureAwait(false);
        Key = user.TwoFactorEnabled ? null : await twoFactor.PendingKeyAsync(user).ConfigureAwait(false);
        return Page();
    }
}
