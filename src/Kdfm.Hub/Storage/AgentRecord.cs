namespace Kdfm.Hub.Storage;

public sealed class AgentRecord
{
    public required string Id { get; set; }

    public int TenantId { get; set; }

    /// <summary>SHA-256 of the credential (a 256-bit random secret: a slow hash adds nothing).</summary>
    public required string CredentialHash { get; set; }

    public string HostName { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public DateTimeOffset ActivatedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public bool Revoked { get; set; }

    public int DevicesKnown { get; set; }

    public int DevicesDown { get; set; }

    public long OutboxPending { get; set; }

    public string LastError { get; set; } = string.Empty;

    /// <summary>The highest reading sequence dealt with for good for this agent: stored or refused.</summary>
    public long AcknowledgedSequence { get; set; }

    /// <summary>
    /// Bytes stored for this agent: its readings' snapshot JSON (UTF-8) and its remembered refusals (<see cref="Refusal.ChargedBytes"/>
    /// each); a running total kept by the ingest, never over the quota.
    /// </summary>
    public long StoredBytes { get; set; }

    /// <summary>When an upload of this agent was last refused for its quota; cleared by the next upload that stores something.</summary>
    public DateTimeOffset? QuotaRefusedAt { get; set; }

    /// <summary>Readings of this agent refused so far (each counted when first refused; a resent one is not counted again).</summary>
    public long RefusedReadings { get; set; }

    public long? LastRefusalSequence { get; set; }

    public string? LastRefusalCode { get; set; }

    public string? LastRefusalReason { get; set; }

    public DateTimeOffset? LastRefusalAt { get; set; }

    /// <summary>The agent's SSH public key for Device Web Access (OpenSSH format), given at activation or by a rotate-ssh-key task.</summary>
    public string? SshPublicKey { get; set; }

    public DateTimeOffset? SshKeyAt { get; set; }

    /// <summary>The targets the agent reported it scans (JSON array of strings): what a ping of a user without manage-agents may reach.</summary>
    public string? TargetsJson { get; set; }
}
