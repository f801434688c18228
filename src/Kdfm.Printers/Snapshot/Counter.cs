using System.Collections.Immutable;
using System.Text.Json.Serialization;

namespace Kdfm.Printers.Snapshot;

/// <summary>
/// A page counter and the OID it was read from; never a value without an OID that holds it. A sum the collector made
/// (<see cref="DerivedFrom"/>) says so and names every OID it added; its <see cref="Oid"/> is those OIDs joined by '+'.
/// </summary>
public sealed record Counter(string Name, long Value, string? Unit, string Oid)
{
    /// <summary>The OIDs summed into this counter when the device has no variable for it; absent for a counter read as it is.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableArray<string>? DerivedFrom { get; init; }

    /// <summary>Why this reading cannot be trusted for billing (<see cref="Meters.MeterFlags"/>); absent when nothing is wrong.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ImmutableArray<string>? Flags { get; init; }

    /// <summary>Equal when every field is, the OID lists compared item by item (an ImmutableArray compares its array's reference).</summary>
    public bool Equals(Counter? other) =>
        other is not null && Name == other.Name && Value == other.Value && Unit == other.Unit && Oid == other.Oid
        && Same(DerivedFrom, other.DerivedFrom) && Same(Flags, other.Flags);

    public override int GetHashCode() => HashCode.Combine(Name, Value, Unit, Oid);

    private static bool Same(ImmutableArray<string>? a, ImmutableArray<string>? b) =>
        a is null ? b is null : b is not null && a.Value.SequenceEqual(b.Value);
}
