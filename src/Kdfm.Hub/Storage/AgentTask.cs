namespace Kdfm.Hub.Storage;

public sealed class AgentTask
{
    public required string Id { get; set; }

    public required string AgentId { get; set; }

    /// <summary>Its kind's name (Kdfm.Agent.TaskKinds): poll-now, rescan, set-config, web-session, ping, rotate-ssh-key.</summary>
    public required string Kind { get; set; }

    public string? ConfigJson { get; set; }

    /// <summary>What the task asks beside a configuration, as protobuf JSON: a ping's PingRequest, a web-session's WebSession.</summary>
    public string? PayloadJson { get; set; }

    /// <summary>What the result carried beside its message, as protobuf JSON: a ping's PingResult.</summary>
    public string? ResultJson { get; set; }

    /// <summary>The user who asked for it (empty for the hub itself, e.g. an automatic task).</summary>
    public string? RequestedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a poll handed it to the agent.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool? Ok { get; set; }

    public string? Message { get; set; }
}
