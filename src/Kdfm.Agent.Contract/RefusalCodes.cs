namespace Kdfm.Agent;

/// <summary>
/// Why the hub refused one reading of an upload for good (<c>RefusedReading.code</c>): the agent skips it, keeps the
/// reason in its status, and goes on with the rest.
/// </summary>
public static class RefusalCodes
{
    /// <summary>The snapshot is not the JSON SNAPSHOT.md describes (or a required field is missing).</summary>
    public const string Malformed = "malformed";

    /// <summary>The reading is larger than the hub stores.</summary>
    public const string TooLarge = "too-large";

    /// <summary>The reading's device key is not its snapshot's <c>key</c>.</summary>
    public const string KeyMismatch = "key-mismatch";

    /// <summary>The snapshot's <c>collectedAt</c> is more than five minutes ahead of the hub's clock.</summary>
    public const string Future = "future";

    /// <summary>The device belongs to another tenant than the agent's.</summary>
    public const string WrongTenant = "wrong-tenant";
}
