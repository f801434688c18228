using Microsoft.AspNetCore.Identity;

namespace Kdfm.Hub.Storage;

/// <summary>
/// A person who signs in to the portal (ASP.NET Core Identity keeps the password hash, the second factor and the
/// lockout count): one tenant, one role. <see cref="IdentityUser.Email"/> is the sign-in name.
/// </summary>
public sealed class PortalUser : IdentityUser
{
    public int TenantId { get; set; }

    public int RoleId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    /// <summary><see cref="UserSources"/>: local password, an Active Directory account (LDAP bind), or single sign-on.</summary>
    public string Source { get; set; } = UserSources.Local;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>Set when the account was disabled (5 failed sign-ins, idle, or by an administrator); null = enabled.</summary>
    public DateTimeOffset? DisabledAt { get; set; }

    public string? DisabledReason { get; set; }
}
