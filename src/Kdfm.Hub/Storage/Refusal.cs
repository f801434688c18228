namespace Kdfm.Hub.Storage;

/// <summary>
/// A reading the hub refused for good (code from <c>Kdfm.Agent.RefusalCodes</c>), remembered by (agent, sequence) so a
/// resent reading gets the same answer and the acknowledged sequence covers it. Readings without a positive sequence
/// cannot be named again and are not kept here (the agent's counters still count them).
/// </summary>
public sealed class Refusal
{
    public long Id { get; set; }

    public required string AgentId { get; set; }

    public long Sequence { get; set; }

    public required string Code { get; set; }

    public required string Reason { get; set; }

    public DateTimeOffset At { get; set; }
}
