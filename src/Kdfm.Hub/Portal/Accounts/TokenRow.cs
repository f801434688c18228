namespace Kdfm.Hub.Portal.Accounts;

/// <summary>An API token as listed: never its secret, only the prefix its owner recognises it by.</summary>
public sealed record TokenRow(string Id, string Name, string Prefix, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public string State(DateTimeOffset now) => RevokedAt is not null ? $"revoked {PortalText.When(RevokedAt)}" : ExpiresAt <= now ? "expired" : "active";
}
