namespace Kdfm.Hub.Storage;

public sealed class AgentTask
{
    public required string Id { get; set; }

    public required string AgentId { get; set; }

    /// <summary>poll-now, rescan or set-config.</summary>
    public required string Kind { get; set; }

    public string? ConfigJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a poll handed it to the agent.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool? Ok { get; set; }

    public string? Message { get; set; }
}
