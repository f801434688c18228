namespace Kdfm.Collector.Icmp;

/// <summary>One probe of a ping run: its sequence (from 1), how it ended (<see cref="Echo.Status"/>) and its round trip.</summary>
public readonly record struct EchoProbe(int Sequence, string Status, double RttMs)
{
    public bool Replied => Status == Echo.Success;
}
