namespace Kdfm.Hub.Storage;

/// <summary>One thing done, or refused: who, what, on what, when, from where. Kept for Hub:AuditDays.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    /// <summary>The tenant the entry belongs to (the actor's, or the target's when it is lower): who may read it.</summary>
    public int? TenantId { get; set; }

    /// <summary>The user's e-mail, an agent id, "admin token", or "kdfm-hub" (the command line, the hub itself).</summary>
    public required string Actor { get; set; }

    /// <summary>A code of <see cref="Access.AuditActions"/>, e.g. "sign-in.failed".</summary>
    public required string Action { get; set; }

    public string Target { get; set; } = string.Empty;

    public string Detail { get; set; } = string.Empty;

    /// <summary>ok, denied or failed.</summary>
    public string Outcome { get; set; } = "ok";

    public string Source { get; set; } = string.Empty;
}
