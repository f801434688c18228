using System.Globalization;
using System.Net;
using System.Text;
using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp;

/// <summary>
/// One SNMP value. A small struct: the type, a 64-bit number for the integer types, and a reference to
/// the bytes (OCTET STRING, IpAddress, Opaque) or the arcs (OBJECT IDENTIFIER). Equality is by value.
/// </summary>
public readonly struct SnmpValue : IEquatable<SnmpValue>
{
    private readonly ulong _number;
    private readonly object? _ref;

    private SnmpValue(SnmpType type, ulong number, object? reference)
    {
        Type = type;
        _number = number;
        _ref = reference;
    }

    public SnmpType Type { get; }

    public static SnmpValue Null => new(SnmpType.Null, 0, null);

    public static SnmpValue NoSuchObject => new(SnmpType.NoSuchObject, 0, null);

    public static SnmpValue NoSuchInstance => new(SnmpType.NoSuchInstance, 0, null);

    public static SnmpValue EndOfMibView => new(SnmpType.EndOfMibView, 0, null);

    public static SnmpValue Integer(long value) => new(SnmpType.Integer, unchecked((ulong)value), null);

    public static SnmpValue Counter32(uint value) => new(SnmpType.Counter32, value, null);

    public static SnmpValue Gauge32(uint value) => new(SnmpType.Gauge32, value, null);

    public static SnmpValue TimeTicks(uint value) => new(SnmpType.TimeTicks, value, null);

    public static SnmpValue Counter64(ulong value) => new(SnmpType.Counter64, value, null);

    /// <summary>An OCTET STRING; the array is kept, not copied.</summary>
    public static SnmpValue OctetString(byte[] value) => new(SnmpType.OctetString, 0, value);

    public static SnmpValue OctetString(string text) => OctetString(Encoding.UTF8.GetBytes(text));

    public static SnmpValue Opaque(byte[] value) => new(SnmpType.Opaque, 0, value);

    public static SnmpValue IpAddress(byte[] fourBytes)
    {
        if (fourBytes.Length != 4)
        {
            throw new ArgumentException("an IpAddress is 4 bytes (RFC 2578 §7.1.5)", nameof(fourBytes));
        }

        return new SnmpValue(SnmpType.IpAddress, 0, fourBytes);
    }

    public static SnmpValue ObjectIdentifier(Oid oid) => new(SnmpType.ObjectIdentifier, 0, oid.Arcs.ToArray());

    internal static SnmpValue FromRaw(SnmpType type, ulong number, object? reference) => new(type, number, reference);

    /// <summary>True for noSuchObject, noSuchInstance and endOfMibView (RFC 3416 §3).</summary>
    public bool IsException => Type is SnmpType.NoSuchObject or SnmpType.NoSuchInstance or SnmpType.EndOfMibView;

    public bool IsNumeric => Type is SnmpType.Integer or SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64;

    /// <summary>The signed value of an INTEGER, or the unsigned value of a counter/gauge/ticks.</summary>
    public long AsInt64() => Type == SnmpType.Integer ? unchecked((long)_number) : checked((long)_number);

    public ulong AsUInt64() => Type == SnmpType.Integer ? checked((ulong)unchecked((long)_number)) : _number;

    /// <summary>The raw bytes of an OCTET STRING, IpAddress or Opaque (empty for other types).</summary>
    public ReadOnlySpan<byte> Bytes => _ref as byte[];

    public byte[]? GetBytesArray() => _ref as byte[];

    public Oid AsOid() => _ref is uint[] arcs ? new Oid(arcs) : default;

    /// <summary>Value as text, the way Net-SNMP's tools print it with -On (without the type prefix).</summary>
    public override string ToString() => Type switch
    {
        SnmpType.Integer => unchecked((long)_number).ToString(CultureInfo.InvariantCulture),
        SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.Counter64 => _number.ToString(CultureInfo.InvariantCulture),
        SnmpType.TimeTicks => _number.ToString(CultureInfo.InvariantCulture),
        SnmpType.OctetString or SnmpType.Opaque => OctetText.Describe(Bytes),
        SnmpType.IpAddress => new IPAddress(Bytes).ToString(),
        SnmpType.ObjectIdentifier => AsOid().ToString(),
        SnmpType.Null => "NULL",
        SnmpType.NoSuchObject => "No Such Object available on this agent at this OID",
        SnmpType.NoSuchInstance => "No Such Instance currently exists at this OID",
        SnmpType.EndOfMibView => "No more variables left in this MIB View (It is past the end of the MIB tree)",
        _ => $"type 0x{(byte)Type:X2}",
    };

    public bool Equals(SnmpValue other)
    {
        if (Type != other.Type || _number != other._number)
        {
            return false;
        }

        return (_ref, other._ref) switch
        {
            (null, null) => true,
            (byte[] a, byte[] b) => a.AsSpan().SequenceEqual(b),
            (uint[] a, uint[] b) => a.AsSpan().SequenceEqual(b),
            _ => false,
        };
    }

    public override bool Equals(object? obj) => obj is SnmpValue other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Type);
        hash.Add(_number);
        switch (_ref)
        {
            case byte[] bytes:
                hash.AddBytes(bytes);
                break;
            case uint[] arcs:
                foreach (uint arc in arcs)
                {
                    hash.Add(arc);
                }

                break;
        }

        return hash.ToHashCode();
    }

    public static bool operator ==(SnmpValue left, SnmpValue right) => left.Equals(right);

    public static bool operator !=(SnmpValue left, SnmpValue right) => !left.Equals(right);

    internal static SnmpValue Decode(ref BerReader reader)
    {
        int at = reader.Offset;
        var contents = reader.ReadElement(out byte tag);
        switch (tag)
        {
            case BerTag.Integer:
                return Integer(BerReader.DecodeSigned(contents, at, tag));
            case BerTag.OctetString:
                return OctetString(contents.ToArray());
            case BerTag.Opaque:
                return Opaque(contents.ToArray());
            case BerTag.Null:
                return contents.IsEmpty ? Null : throw new BerDecodeException(BerErrorKind.InvalidLength, at, tag, "NULL has no contents");
            case BerTag.ObjectIdentifier:
                return new SnmpValue(SnmpType.ObjectIdentifier, 0, BerReader.DecodeOidArcs(contents, at));
            case BerTag.IpAddress:
                return contents.Length == 4
                    ? new SnmpValue(SnmpType.IpAddress, 0, contents.ToArray())
                    : throw new BerDecodeException(BerErrorKind.InvalidValue, at, tag, $"IpAddress of {contents.Length} bytes");
            case BerTag.Counter32 or BerTag.Gauge32 or BerTag.TimeTicks:
                return new SnmpValue((SnmpType)tag, BerReader.DecodeUnsigned(contents, at, tag, 32), null);
            case BerTag.Counter64:
                return new SnmpValue(SnmpType.Counter64, BerReader.DecodeUnsigned(contents, at, tag, 64), null);
            case BerTag.NoSuchObject or BerTag.NoSuchInstance or BerTag.EndOfMibView:
                return new SnmpValue((SnmpType)tag, 0, null);
            default:
                throw new BerDecodeException(BerErrorKind.UnexpectedTag, at, tag, "not an SNMP value type");
        }
    }

    /// <summary>Writes the value's TLV.</summary>
    public void Encode(BerWriter writer)
    {
        switch (Type)
        {
            case SnmpType.Integer:
                writer.WriteInteger(unchecked((long)_number));
                break;
            case SnmpType.Counter32 or SnmpType.Gauge32 or SnmpType.TimeTicks or SnmpType.Counter64:
                writer.WriteUnsigned((byte)Type, _number);
                break;
            case SnmpType.OctetString or SnmpType.Opaque or SnmpType.IpAddress:
                writer.WriteOctetString(Bytes, (byte)Type);
                break;
            case SnmpType.ObjectIdentifier:
                writer.WriteOid(AsOid());
                break;
            default:
                writer.WriteNull((byte)Type);
                break;
        }
    }
}
