namespace Kdfm.Collector.Icmp;

/// <summary>How a ping run of <paramref name="Target"/> ended: a <see cref="PingReport"/> (it went out) or a <see cref="PingFailure"/>.</summary>
public abstract record PingOutcome(string Target);
