using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Identity's sign-in manager, plus a sign-in for a user whose password someone else checked (their directory): the
/// session, or the second-factor step when they have one, exactly as after a password checked by the hub.
/// </summary>
public sealed class PortalSignInManager(UserManager<PortalUser> userManager, IHttpContextAccessor contextAccessor, IUserClaimsPrincipalFactory<PortalUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor, ILogger<SignInManager<PortalUser>> logger, IAuthenticationSchemeProvider schemes, IUserConfirmation<PortalUser> confirmation)
    : SignInManager<PortalUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public Task<SignInResult> SignInCheckedElsewhereAsync(PortalUser user) => SignInOrTwoFactorAsync(user, isPersistent: false);
}
