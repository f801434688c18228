namespace Kdfm.Snmp.Ber;

/// <summary>
/// A forward-only, allocation-free reader of definite-length BER (X.690 §8) over a span.
/// Tolerant where real agents deviate harmlessly (long-form and non-minimal lengths,
/// non-minimal integers, unsigned values with a sign byte); strict where the data is broken:
/// every failure is a <see cref="BerDecodeException"/> naming the kind, the absolute offset and the tag.
/// </summary>
public ref partial struct BerReader
{
    private readonly ReadOnlySpan<byte> _data;
    private readonly int _origin;
    private int _position;

    /// <param name="data">The bytes to read.</param>
    /// <param name="origin">Absolute offset of <paramref name="data"/>[0] in the datagram, for error reports.</param>
    public BerReader(ReadOnlySpan<byte> data, int origin = 0)
    {
        _data = data;
        _origin = origin;
        _position = 0;
    }

    public readonly bool HasMore => _position < _data.Length;

    /// <summary>Absolute offset of the next element.</summary>
    public readonly int Offset => _origin + _position;

    public readonly byte PeekTag()
    {
        if (_position >= _data.Length)
        {
            throw new BerDecodeException(BerErrorKind.Truncated, Offset, 0, "expected a tag, found the end of the data");
        }

        return _data[_position];
    }

    /// <summary>Reads one element and returns its contents; <paramref name="contentOffset"/> is absolute.</summary>
    public ReadOnlySpan<byte> ReadElement(out byte tag, out int contentOffset)
    {
        int start = _position;
        if (start >= _data.Length)
        {
            throw new BerDecodeException(BerErrorKind.Truncated, _origin + start, 0, "expected a tag, found the end of the data");
        }

        tag = _data[start];
        if ((tag & 0x1F) == 0x1F)
        {
            throw new BerDecodeException(BerErrorKind.UnsupportedTag, _origin + start, tag, "multi-byte tag numbers are not used by SNMP");
        }

        int p = start + 1;
        if (p >= _data.Length)
        {
            throw new BerDecodeException(BerErrorKind.Truncated, _origin + start, tag, "no length byte");
        }

        int first = _data[p++];
        int length;
        if (first < 0x80)
        {
            length = first;
        }
        else if (first == 0x80)
        {
            // RFC 3417 §8: SNMP uses the definite form only.
            throw new BerDecodeException(BerErrorKind.IndefiniteLength, _origin + start, tag, "indefinite length");
        }
        else
        {
            int count = first & 0x7F;
            if (count == 0x7F)
            {
                throw new BerDecodeException(BerErrorKind.InvalidLength, _origin + start, tag, "reserved length byte 0xFF");
            }

            if (p + count > _data.Length)
            {
                throw new BerDecodeException(BerErrorKind.Truncated, _origin + start, tag, $"length needs {count} bytes");
            }

            long value = 0;
            for (int i = 0; i < count; i++)
            {
                // Leading zero bytes (non-minimal long form) are tolerated: some agents always send 0x82 xx xx.
                value = (value << 8) | _data[p + i];
                if (value > int.MaxValue)
                {
                    throw new BerDecodeException(BerErrorKind.InvalidLength, _origin + start, tag, "length exceeds 2^31");
                }
            }

            p += count;
            length = (int)value;
        }

        if (length > _data.Length - p)
        {
            throw new BerDecodeException(BerErrorKind.Truncated, _origin + start, tag,
                $"length {length} exceeds the {_data.Length - p} bytes left");
        }

        contentOffset = _origin + p;
        _position = p + length;
        return _data.Slice(p, length);
    }

    public ReadOnlySpan<byte> ReadElement(out byte tag) => ReadElement(out tag, out _);

    /// <summary>Reads an element whose tag must be <paramref name="expected"/>.</summary>
    public ReadOnlySpan<byte> ReadExpected(byte expected, out int contentOffset)
    {
        int at = Offset;
        var contents = ReadElement(out byte tag, out contentOffset);
        if (tag != expected)
        {
            throw new BerDecodeException(BerErrorKind.UnexpectedTag, at, tag, $"expected tag 0x{expected:X2}");
        }

        return contents;
    }

    public ReadOnlySpan<byte> ReadExpected(byte expected) => ReadExpected(expected, out _);

    /// <summary>Enters a constructed element (SEQUENCE or a PDU) and returns a reader over its contents.</summary>
    public BerReader ReadConstructed(byte expected)
    {
        var contents = ReadExpected(expected, out int contentOffset);
        return new BerReader(contents, contentOffset);
    }

    /// <summary>Enters a constructed element whatever its tag.</summary>
    public BerReader ReadConstructed(out byte tag)
    {
        var contents = ReadElement(out tag, out int contentOffset);
        return new BerReader(contents, contentOffset);
    }

    public readonly void EnsureEnd()
    {
        if (_position != _data.Length)
        {
            throw new BerDecodeException(BerErrorKind.TrailingData, Offset, _data[_position],
                $"{_data.Length - _position} unexpected trailing bytes");
        }
    }
}
