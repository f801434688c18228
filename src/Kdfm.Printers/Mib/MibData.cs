using Kdfm.Snmp;

namespace Kdfm.Printers.Mib;

/// <summary>The varbinds read from one device, sorted by OID, with lookups by OID, column and subtree.</summary>
public sealed class MibData
{
    private readonly Oid[] _oids;
    private readonly SnmpValue[] _values;

    public MibData(IEnumerable<VarBind> rows)
    {
        var all = rows.Where(r => !r.Value.IsException).ToArray();
        var keys = all.Select(r => r.Oid).ToArray();
        Array.Sort(keys, all); // unstable, so duplicates are resolved below by keeping one of them
        var oids = new List<Oid>(all.Length);
        var values = new List<SnmpValue>(all.Length);
        for (int i = 0; i < all.Length; i++)
        {
            if (oids.Count > 0 && oids[^1] == keys[i])
            {
                continue;
            }

            oids.Add(keys[i]);
            values.Add(all[i].Value);
        }

        _oids = [.. oids];
        _values = [.. values];
    }

    public int Count => _oids.Length;

    public SnmpValue? Get(Oid oid)
    {
        int i = Array.BinarySearch(_oids, oid);
        return i >= 0 ? _values[i] : null;
    }

    public SnmpValue? Get(string oid) => Get(Oid.Parse(oid));

    /// <summary>Every variable strictly under <paramref name="prefix"/>, with the arcs after the prefix.</summary>
    public IEnumerable<(Oid Oid, Oid Suffix, SnmpValue Value)> Under(Oid prefix)
    {
        int i = Array.BinarySearch(_oids, prefix);
        i = i >= 0 ? i + 1 : ~i;
        for (; i < _oids.Length && _oids[i].StartsWith(prefix); i++)
        {
            yield return (_oids[i], Oid.FromArcs(_oids[i].Arcs[prefix.Length..]), _values[i]);
        }
    }

    public bool HasAny(Oid prefix) => Under(prefix).Any();

    /// <summary>A numeric value as a long; null when absent, not a number, or a Counter64 beyond 2^63.</summary>
    public long? Integer(Oid oid) =>
        Get(oid) is { IsNumeric: true } v && (v.Type != SnmpType.Counter64 || v.AsUInt64() <= long.MaxValue) ? v.AsInt64() : null;
}
