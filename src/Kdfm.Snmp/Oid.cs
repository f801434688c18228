using System.Globalization;
using System.Text;

namespace Kdfm.Snmp;

/// <summary>An OBJECT IDENTIFIER: an immutable sequence of 32-bit arcs, ordered lexicographically (RFC 3416 §4.2.2).</summary>
public readonly struct Oid : IEquatable<Oid>, IComparable<Oid>
{
    private readonly uint[]? _arcs;

    /// <summary>Wraps the array without copying; the caller gives up ownership.</summary>
    internal Oid(uint[] arcs) => _arcs = arcs;

    public static Oid FromArcs(ReadOnlySpan<uint> arcs) => new(arcs.ToArray());

    public ReadOnlySpan<uint> Arcs => _arcs;

    public int Length => _arcs?.Length ?? 0;

    public uint this[int index] => _arcs![index];

    public bool IsEmpty => Length == 0;

    /// <summary>Parses dotted notation ("1.3.6.1.2.1.1.1.0", a leading dot allowed).</summary>
    public static Oid Parse(string text)
    {
        if (!TryParse(text, out var oid))
        {
            throw new FormatException($"'{text}' is not a numeric OBJECT IDENTIFIER (expected e.g. 1.3.6.1.2.1.1.1.0)");
        }

        return oid;
    }

    public static bool TryParse(ReadOnlySpan<char> text, out Oid oid)
    {
        oid = default;
        if (text.StartsWith("."))
        {
            text = text[1..];
        }

        if (text.IsEmpty)
        {
            return false;
        }

        int count = text.Count('.') + 1;
        if (count < 2)
        {
            return false;
        }

        var arcs = new uint[count];
        int i = 0;
        foreach (var range in text.Split('.'))
        {
            if (!uint.TryParse(text[range], NumberStyles.None, CultureInfo.InvariantCulture, out arcs[i++]))
            {
                return false;
            }
        }

        if (arcs[0] > 2 || (arcs[0] < 2 && arcs[1] >= 40))
        {
            return false;
        }

        oid = new Oid(arcs);
        return true;
    }

    /// <summary>True when this OID is <paramref name="other"/> or lies under it.</summary>
    public bool StartsWith(Oid other) => Arcs.StartsWith(other.Arcs);

    /// <summary>True when <paramref name="other"/> lies strictly under this OID.</summary>
    public bool IsAncestorOf(Oid other) => other.Length > Length && other.Arcs.StartsWith(Arcs);

    public Oid Append(params ReadOnlySpan<uint> more)
    {
        var arcs = new uint[Length + more.Length];
        Arcs.CopyTo(arcs);
        more.CopyTo(arcs.AsSpan(Length));
        return new Oid(arcs);
    }

    public int CompareTo(Oid other) => Arcs.SequenceCompareTo(other.Arcs);

    public bool Equals(Oid other) => Arcs.SequenceEqual(other.Arcs);

    public override bool Equals(object? obj) => obj is Oid other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (uint arc in Arcs)
        {
            hash.Add(arc);
        }

        return hash.ToHashCode();
    }

    public override string ToString()
    {
        if (_arcs is null)
        {
            return string.Empty;
        }

        var sb = new StringBuilder(_arcs.Length * 4);
        for (int i = 0; i < _arcs.Length; i++)
        {
            if (i > 0)
            {
                sb.Append('.');
            }

            sb.Append(_arcs[i]);
        }

        return sb.ToString();
    }

    public static bool operator ==(Oid left, Oid right) => left.Equals(right);

    public static bool operator !=(Oid left, Oid right) => !left.Equals(right);

    public static bool operator <(Oid left, Oid right) => left.CompareTo(right) < 0;

    public static bool operator >(Oid left, Oid right) => left.CompareTo(right) > 0;

    public static bool operator <=(Oid left, Oid right) => left.CompareTo(right) <= 0;

    public static bool operator >=(Oid left, Oid right) => left.CompareTo(right) >= 0;
}
