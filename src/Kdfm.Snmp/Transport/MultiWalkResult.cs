using System.Collections.Immutable;

namespace Kdfm.Snmp.Transport;

/// <summary>The rows of several subtrees read together, per subtree in the order asked, and what it cost.</summary>
public sealed record MultiWalkResult(ImmutableArray<ImmutableArray<VarBind>> Rows, int Requests)
{
    public bool Equals(MultiWalkResult? other) =>
        other is not null && Requests == other.Requests && Rows.Length == other.Rows.Length &&
        Rows.Zip(other.Rows).All(p => p.First.AsSpan().SequenceEqual(p.Second.AsSpan()));

    public override int GetHashCode() => HashCode.Combine(Rows.Length, Requests);
}
