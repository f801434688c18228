namespace Kdfm.Hub.Storage;

/// <summary>
/// A reading the hub refused for good (code from <c>Kdfm.Agent.RefusalCodes</c>), remembered by (agent, sequence) so a
/// resent reading gets the same answer and the acknowledged sequence covers it. Readings without a positive sequence
/// cannot be named again and are not kept here (the agent's counters still count them). Each row counts
/// <see cref="ChargedBytes"/> against its agent's quota, and is dropped once the agent can no longer resend it
/// (<c>Agents/UploadCheck.RefusalFloor</c>).
/// </summary>
public sealed class Refusal
{
    /// <summary>The longest reason kept (and answered): reasons quote printer text shortened already.</summary>
    public const int MaxReasonLength = 256;

    /// <summary>What one remembered refusal counts against the quota: its row and index entry, the reason at its longest.</summary>
    public const int ChargedBytes = 1024;

    public long Id { get; set; }

    public required string AgentId { get; set; }

    public long Sequence { get; set; }

    public required string Code { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset At { get; set; }
}
