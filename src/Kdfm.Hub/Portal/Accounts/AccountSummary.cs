namespace Kdfm.Hub.Portal.Accounts;

/// <summary>What the account page shows a user about themselves.</summary>
public sealed record AccountSummary(
    string Email,
    string DisplayName,
    string TenantName,
    string RoleName,
    string Source,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastSignInAt,
    bool TwoFactorEnabled,
    int RecoveryCodesLeft,
    string? TwoFactorRequiredBy)
{
    /// <summary>Only a local account has a password the hub keeps (a directory user's is the directory's).</summary>
    public bool HasLocalPassword => Source == Storage.UserSources.Local;
}
