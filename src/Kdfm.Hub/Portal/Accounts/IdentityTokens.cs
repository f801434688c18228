namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Where ASP.NET Core Identity keeps a user's second factor in AspNetUserTokens (its own names, not configurable): the
/// authenticator key and the recovery codes, both under its internal login provider.
/// </summary>
public static class IdentityTokens
{
    public const string Provider = "[AspNetUserStore]";
    public const string AuthenticatorKey = "AuthenticatorKey";
    public const string RecoveryCodes = "RecoveryCodes";
}
