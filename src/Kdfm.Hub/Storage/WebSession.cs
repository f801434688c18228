namespace Kdfm.Hub.Storage;

/// <summary>
/// A Device Web Access session: a user's window onto one device's own web page, through its agent's SSH tunnel, from
/// <see cref="OpenedAt"/> until <see cref="ExpiresAt"/> or until someone ends it (<see cref="ClosedAt"/>).
/// </summary>
public sealed class WebSession
{
    /// <summary>"dwa_" and 16 random characters.</summary>
    public required string Id { get; set; }

    public int TenantId { get; set; }

    public required string AgentId { get; set; }

    public required string DeviceKey { get; set; }

    /// <summary>The device's address when the session was opened.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>The device's port: 80, 443, 8000 or one the operator allows.</summary>
    public int Port { get; set; }

    /// <summary>The port on the hub's loopback where sshd listens for the agent's remote forward.</summary>
    public int ForwardPort { get; set; }

    /// <summary>The hub's port that serves this session's browser origin (0 until it listens).</summary>
    public int ProxyPort { get; set; }

    /// <summary>The user who opened it: the only one it serves.</summary>
    public required string UserId { get; set; }

    public string UserName { get; set; } = string.Empty;

    public DateTimeOffset OpenedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>Why it ended: expired, closed by its user, closed by an administrator, agent revoked, tunnel failed…</summary>
    public string? EndReason { get; set; }

    /// <summary>The web-session task that asked the agent for the tunnel.</summary>
    public string? TaskId { get; set; }

    /// <summary>When the agent said its forward is up (the task's result).</summary>
    public DateTimeOffset? TunnelUpAt { get; set; }

    /// <summary>SHA-256 of the one-time ticket in the session's URL, until it is used or expires.</summary>
    public string? TicketHash { get; set; }

    public DateTimeOffset? TicketExpiresAt { get; set; }

    /// <summary>SHA-256 of the session cookie the ticket became (the browser's proof on the session's origin).</summary>
    public string? CookieHash { get; set; }

    public long Requests { get; set; }

    public long BytesOut { get; set; }
}
