using System.Collections.Immutable;

namespace Kdfm.Snmp.Transport;

/// <summary>Why a walk ended normally.</summary>
public enum WalkEnd
{
    /// <summary>The next OID lay outside the subtree.</summary>
    EndOfSubtree,
    /// <summary>The agent said endOfMibView (v2c/v3) or noSuchName (v1).</summary>
    EndOfMibView,
    /// <summary>The row cap was reached; the subtree may hold more.</summary>
    RowCap,
    /// <summary>The rows read reached <see cref="WalkOptions.MaxBytes"/>; the subtree (or the subtrees not finished) may hold more.</summary>
    ByteCap,
}

/// <summary>The rows of a walk, in the order received (increasing OIDs), with how it ended and what it cost.</summary>
public sealed record WalkResult(ImmutableArray<VarBind> Rows, WalkEnd End, int Requests)
{
    public bool Equals(WalkResult? other) =>
        other is not null && End == other.End && Requests == other.Requests && Rows.AsSpan().SequenceEqual(other.Rows.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Rows.Length, End, Requests);
}
