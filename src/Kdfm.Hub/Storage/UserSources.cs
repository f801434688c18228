namespace Kdfm.Hub.Storage;

/// <summary>Where a user's password is checked.</summary>
public static class UserSources
{
    /// <summary>By the hub (ASP.NET Core Identity's hash).</summary>
    public const string Local = "local";

    /// <summary>By the tenant's Active Directory, with an LDAP bind; the role follows the user's groups.</summary>
    public const string Ldap = "ldap";

    /// <summary>By the tenant's OpenID Connect provider (Entra ID, ADFS).</summary>
    public const string Oidc = "oidc";
}
