using System.Collections.Immutable;

namespace Kdfm.Snmp.Transport;

/// <summary>The rows of several subtrees read together, per subtree in the order asked, and what it cost.</summary>
public sealed record MultiWalkResult(ImmutableArray<ImmutableArray<VarBind>> Rows, int Requests)
{
    /// <summary>
    /// <see cref="WalkEnd.ByteCap"/> when the rows of all subtrees together reached <see cref="WalkOptions.MaxBytes"/>
    /// (the subtrees not finished may hold more), else <see cref="WalkEnd.RowCap"/> when a subtree reached the row cap,
    /// else <see cref="WalkEnd.EndOfSubtree"/>: every subtree was read to its end.
    /// </summary>
    public WalkEnd End { get; init; } = WalkEnd.EndOfSubtree;

    public bool Equals(MultiWalkResult? other) =>
        other is not null && Requests == other.Requests && End == other.End && Rows.Length == other.Rows.Length &&
        Rows.Zip(other.Rows).All(p => p.First.AsSpan().SequenceEqual(p.Second.AsSpan()));

    public override int GetHashCode() => HashCode.Combine(Rows.Length, Requests, End);
}
