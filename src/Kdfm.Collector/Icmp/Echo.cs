namespace Kdfm.Collector.Icmp;

/// <summary>
/// How one echo request ended: <paramref name="Status"/> is <c>success</c> or why not (<c>timed-out</c>,
/// <c>destination-host-unreachable</c>, …: .NET's IPStatus in kebab case); <paramref name="RttMs"/> the round trip when it
/// succeeded; <paramref name="PayloadBytes"/> the payload actually sent.
/// </summary>
public readonly record struct Echo(string Status, double RttMs, int PayloadBytes)
{
    public const string Success = "success";

    public const string TimedOut = "timed-out";

    public bool Replied => Status == Success;
}
