using Kdfm.Snmp;
using Kdfm.Snmp.Ber;

namespace Kdfm.Simulator.Agent;

/// <summary>
/// The variables one simulated agent serves, sorted by OID, each with its varbind pre-encoded so a reply is
/// a series of copies. Copies of a device share the base arrays and override only the rows they change.
/// </summary>
internal sealed class MibView
{
    private readonly Oid[] _oids;
    private readonly byte[][] _encoded;
    private readonly SnmpValue[] _values;
    private readonly Dictionary<int, (SnmpValue Value, byte[] Encoded)>? _overrides;

    public MibView(IReadOnlyList<VarBind> sortedRows)
    {
        _oids = new Oid[sortedRows.Count];
        _encoded = new byte[sortedRows.Count][];
        _values = new SnmpValue[sortedRows.Count];
        var writer = new BerWriter(256);
        for (int i = 0; i < sortedRows.Count; i++)
        {
            if (i > 0 && sortedRows[i].Oid <= sortedRows[i - 1].Oid)
            {
                throw new ArgumentException("rows must be sorted by OID, without duplicates", nameof(sortedRows));
            }

            _oids[i] = sortedRows[i].Oid;
            _values[i] = sortedRows[i].Value;
            _encoded[i] = Encode(writer, sortedRows[i]);
        }
    }

    private MibView(MibView baseView, Dictionary<int, (SnmpValue, byte[])> overrides)
    {
        _oids = baseView._oids;
        _encoded = baseView._encoded;
        _values = baseView._values;
        _overrides = overrides;
    }

    public int Count => _oids.Length;

    public Oid OidAt(int index) => _oids[index];

    public SnmpValue ValueAt(int index) => _overrides is not null && _overrides.TryGetValue(index, out var o) ? o.Value : _values[index];

    public ReadOnlySpan<byte> EncodedAt(int index) => _overrides is not null && _overrides.TryGetValue(index, out var o) ? o.Encoded : _encoded[index];

    /// <summary>A view that serves <paramref name="changes"/> (index → new value) over this one's rows.</summary>
    public MibView WithOverrides(IReadOnlyDictionary<int, SnmpValue> changes)
    {
        var writer = new BerWriter(256);
        var overrides = new Dictionary<int, (SnmpValue, byte[])>(changes.Count);
        foreach (var (index, value) in changes)
        {
            overrides[index] = (value, Encode(writer, new VarBind(_oids[index], value)));
        }

        return new MibView(this, overrides);
    }

    /// <summary>Index of exactly <paramref name="oid"/>, or the bitwise complement of where it would be.</summary>
    public int Find(Oid oid) => Array.BinarySearch(_oids, oid);

    /// <summary>Index of the first OID after <paramref name="oid"/> (RFC 3416 §4.2.2), or -1 at the end of the view.</summary>
    public int Next(Oid oid)
    {
        int i = Find(oid);
        i = i >= 0 ? i + 1 : ~i;
        return i < _oids.Length ? i : -1;
    }

    /// <summary>True when some variable lies under <paramref name="prefix"/> (to tell noSuchInstance from noSuchObject).</summary>
    public bool HasSubtree(Oid prefix)
    {
        int i = Next(prefix);
        return i >= 0 && _oids[i].StartsWith(prefix);
    }

    private static byte[] Encode(BerWriter writer, VarBind row)
    {
        writer.Reset();
        int seq = writer.Begin(BerTag.Sequence);
        writer.WriteOid(row.Oid);
        row.Value.Encode(writer);
        writer.End(seq);
        return writer.ToArray();
    }
}
