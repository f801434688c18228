using System.Collections.Immutable;

namespace Kdfm.Snmp.Snmprec;

/// <summary>A recorded walk: its rows sorted by OID (first occurrence of a duplicate kept) and the lines that were skipped.</summary>
public sealed record SnmprecWalk(string Source, ImmutableArray<VarBind> Rows, ImmutableArray<SnmprecProblem> Problems)
{
    public bool Equals(SnmprecWalk? other) =>
        other is not null && Source == other.Source && Rows.AsSpan().SequenceEqual(other.Rows.AsSpan()) &&
        Problems.AsSpan().SequenceEqual(other.Problems.AsSpan());

    public override int GetHashCode() => HashCode.Combine(Source, Rows.Length, Problems.Length);
}
