namespace Kdfm.Hub.Storage;

/// <summary>
/// A personal API token: the user's permissions and tenant scope, until it expires or is revoked. Only a SHA-256 of the
/// token is kept (a 256-bit random secret); <see cref="Prefix"/> is shown so that its owner knows which one it is.
/// </summary>
public sealed class ApiToken
{
    public required string Id { get; set; }

    public required string UserId { get; set; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public required string Hash { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }
}
