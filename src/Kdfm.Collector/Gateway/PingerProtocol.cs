using Kdfm.Agent.V1;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Gateway;

/// <summary>To the <see cref="Pinger"/>: run the ping task <paramref name="TaskId"/> (the request as the hub sent it; checked again here).</summary>
public sealed record RunPing(string TaskId, PingRequest Request);

/// <summary>From the <see cref="Pinger"/>, to whoever asked: how the ping task ended.</summary>
public sealed record PingFinished(string TaskId, PingOutcome Outcome);
