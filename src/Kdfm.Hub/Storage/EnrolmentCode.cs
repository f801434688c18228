namespace Kdfm.Hub.Storage;

/// <summary>
/// A one-use enrolment code "ID-SECRET": the ID finds the code, the secret (stored as a hash) proves it. Five wrong
/// secrets on one ID kill the code (counted in <see cref="EnrolmentFailures"/>).
/// </summary>
public sealed class EnrolmentCode
{
    public required string Id { get; set; }

    public required string SecretHash { get; set; }

    public int TenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? UsedByAgent { get; set; }
}
