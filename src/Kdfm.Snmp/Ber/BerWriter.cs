using System.Buffers.Binary;

namespace Kdfm.Snmp.Ber;

/// <summary>
/// Writes minimal definite-length DER-style BER (X.690 §10) into a growable buffer. Constructed elements are
/// opened with <see cref="Begin"/> and closed with <see cref="End"/>, which inserts the length once the contents
/// are known. Not thread-safe; reuse an instance with <see cref="Reset"/>.
/// </summary>
public sealed class BerWriter
{
    private byte[] _buffer;
    private int _length;

    public BerWriter(int capacity = 512) => _buffer = new byte[capacity];

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public Memory<byte> WrittenMemory => _buffer.AsMemory(0, _length);

    public byte[] ToArray() => WrittenSpan.ToArray();

    public void Reset() => _length = 0;

    /// <summary>Mutable access to already-written bytes (to patch the USM authentication parameters in place).</summary>
    public Span<byte> GetWrittenSpanForPatch() => _buffer.AsSpan(0, _length);

    /// <summary>Opens a constructed element; returns a bookmark for <see cref="End"/>.</summary>
    public int Begin(byte tag)
    {
        WriteByte(tag);
        return _length;
    }

    /// <summary>Closes the element opened at <paramref name="bookmark"/>, inserting its minimal length.</summary>
    public void End(int bookmark)
    {
        int contentLength = _length - bookmark;
        int lengthBytes = LengthOfLength(contentLength);
        Ensure(lengthBytes);
        Buffer.BlockCopy(_buffer, bookmark, _buffer, bookmark + lengthBytes, contentLength);
        WriteLengthAt(bookmark, contentLength, lengthBytes);
        _length += lengthBytes;
    }

    public void WriteInteger(long value, byte tag = BerTag.Integer)
    {
        Span<byte> tmp = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(tmp, value);
        int start = 0;
        // X.690 §8.3.2: drop leading bytes that only repeat the sign bit.
        while (start < 7 && ((tmp[start] == 0x00 && (tmp[start + 1] & 0x80) == 0) ||
                             (tmp[start] == 0xFF && (tmp[start + 1] & 0x80) != 0)))
        {
            start++;
        }

        WriteElement(tag, tmp[start..]);
    }

    /// <summary>An unsigned application integer (Counter32, Gauge32, TimeTicks, Counter64): a 0x00 byte is prefixed when the top bit is set.</summary>
    public void WriteUnsigned(byte tag, ulong value)
    {
        Span<byte> tmp = stackalloc byte[9];
        tmp[0] = 0;
        BinaryPrimitives.WriteUInt64BigEndian(tmp[1..], value);
        int start = 0;
        while (start < 8 && tmp[start] == 0x00 && (tmp[start + 1] & 0x80) == 0)
        {
            start++;
        }

        WriteElement(tag, tmp[start..]);
    }

    public void WriteOctetString(ReadOnlySpan<byte> value, byte tag = BerTag.OctetString) => WriteElement(tag, value);

    public void WriteNull(byte tag = BerTag.Null)
    {
        Ensure(2);
        _buffer[_length++] = tag;
        _buffer[_length++] = 0;
    }

    public void WriteOid(Oid oid)
    {
        var arcs = oid.Arcs;
        if (arcs.Length < 2)
        {
            throw new ArgumentException("an OBJECT IDENTIFIER has at least two arcs", nameof(oid));
        }

        // Contents: the first two arcs packed as X*40+Y (X.690 §8.19.4), then base-128 sub-identifiers.
        int contentLength = Base128Length((ulong)arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.Length; i++)
        {
            contentLength += Base128Length(arcs[i]);
        }

        WriteHeader(BerTag.ObjectIdentifier, contentLength);
        Ensure(contentLength);
        WriteBase128((ulong)arcs[0] * 40 + arcs[1]);
        for (int i = 2; i < arcs.Length; i++)
        {
            WriteBase128(arcs[i]);
        }
    }

    /// <summary>Writes pre-encoded bytes as they are (a whole TLV cached by the caller).</summary>
    public void WriteRaw(ReadOnlySpan<byte> encoded)
    {
        Ensure(encoded.Length);
        encoded.CopyTo(_buffer.AsSpan(_length));
        _length += encoded.Length;
    }

    public void WriteElement(byte tag, ReadOnlySpan<byte> contents)
    {
        WriteHeader(tag, contents.Length);
        WriteRaw(contents);
    }

    public static int LengthOfLength(int length) => length switch
    {
        < 0x80 => 1,
        <= 0xFF => 2,
        <= 0xFFFF => 3,
        <= 0xFFFFFF => 4,
        _ => 5,
    };

    private void WriteHeader(byte tag, int contentLength)
    {
        int lengthBytes = LengthOfLength(contentLength);
        Ensure(1 + lengthBytes);
        _buffer[_length++] = tag;
        WriteLengthAt(_length, contentLength, lengthBytes);
        _length += lengthBytes;
    }

    private void WriteLengthAt(int at, int length, int lengthBytes)
    {
        if (lengthBytes == 1)
        {
            _buffer[at] = (byte)length;
            return;
        }

        _buffer[at] = (byte)(0x80 | (lengthBytes - 1));
        for (int i = lengthBytes - 1; i >= 1; i--)
        {
            _buffer[at + i] = (byte)length;
            length >>= 8;
        }
    }

    private static int Base128Length(ulong value)
    {
        int n = 1;
        while ((value >>= 7) != 0)
        {
            n++;
        }

        return n;
    }

    private void WriteBase128(ulong value)
    {
        int n = Base128Length(value);
        for (int i = n - 1; i >= 0; i--)
        {
            byte b = (byte)((value >> (7 * i)) & 0x7F);
            _buffer[_length++] = i == 0 ? b : (byte)(b | 0x80);
        }
    }

    private void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    private void Ensure(int extra)
    {
        if (_length + extra > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + extra));
        }
    }
}
