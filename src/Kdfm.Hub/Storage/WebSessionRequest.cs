namespace Kdfm.Hub.Storage;

/// <summary>One HTTP request of a Device Web Access session, as the proxy saw it (the session's access log).</summary>
public sealed class WebSessionRequest
{
    public long Id { get; set; }

    public required string SessionId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Method { get; set; }

    /// <summary>The path and query, cut to 1,024 characters.</summary>
    public required string Path { get; set; }

    /// <summary>The HTTP status the browser got (502 when the tunnel failed).</summary>
    public int Status { get; set; }

    /// <summary>Bytes of the response body sent to the browser.</summary>
    public long Bytes { get; set; }

    public int Milliseconds { get; set; }
}
