using Kdfm.Snmp.Addressing;

namespace Kdfm.Simulator.Fleet;

/// <summary>What fleet to simulate: the walks, where, how many, and which faults.</summary>
internal sealed record FleetOptions(IReadOnlyList<string> Walks, AddressRange Range, int Port)
{
    /// <summary>Addresses that serve a device; null = one per walk file.</summary>
    public int? Count { get; init; }

    public double SilentFraction { get; init; }

    public double SlowFraction { get; init; }

    public int SlowMilliseconds { get; init; }

    public double GarbageFraction { get; init; }

    public int Seed { get; init; } = 1;
}
