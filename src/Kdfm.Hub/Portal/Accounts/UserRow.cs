namespace Kdfm.Hub.Portal.Accounts;

/// <summary>A user as the Users pages show them: tenant, role, where the password is checked, second factor, last sign-in, state.</summary>
public sealed record UserRow(
    string Id,
    string Email,
    string DisplayName,
    int TenantId,
    string TenantName,
    int RoleId,
    string RoleName,
    string Source,
    bool TwoFactor,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    DateTimeOffset? DisabledAt,
    string? DisabledReason,
    DateTimeOffset? LockedUntil)
{
    public bool Disabled => DisabledAt is not null;
}
