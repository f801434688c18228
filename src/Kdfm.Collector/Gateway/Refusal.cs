namespace Kdfm.Collector.Gateway;

/// <summary>
/// A reading the outbox will never deliver, with why: refused by the hub (its <c>RefusedReading</c>, codes of
/// <see cref="Kdfm.Agent.RefusalCodes"/>), or not sent at all (<see cref="NotSent"/>: too large for an upload, or
/// unreadable in the local store). The outbox goes on past it; <c>kdfm-collector status</c> shows it.
/// </summary>
public sealed record Refusal(long Sequence, string? DeviceKey, string Code, string Reason, DateTimeOffset At)
{
    /// <summary>Code of a reading the outbox did not send (the hub never saw it).</summary>
    public const string NotSent = "not-sent";
}
