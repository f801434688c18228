namespace Kdfm.Collector.Icmp;

/// <summary>A ping run that could not go out, and why (one sentence for people).</summary>
public sealed record PingFailure(string Target, PingFailure.Kinds Kind, string Message) : PingOutcome(Target)
{
    public enum Kinds
    {
        /// <summary>The request is outside the limits (Kdfm.Agent.PingRequests).</summary>
        Invalid,

        /// <summary>The host name resolves to no address.</summary>
        Unresolved,

        /// <summary>This machine does not let the collector ping (<see cref="IcmpUnavailableException"/>).</summary>
        Unavailable,

        /// <summary>Too many runs at once.</summary>
        Busy,

        /// <summary>The echo requests failed for another reason (a local network error).</summary>
        Failed,
    }
}
