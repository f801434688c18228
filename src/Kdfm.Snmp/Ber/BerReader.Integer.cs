namespace Kdfm.Snmp.Ber;

public ref partial struct BerReader
{
    /// <summary>Reads a signed INTEGER (X.690 §8.3) with the given tag; non-minimal encodings are accepted.</summary>
    public long ReadInteger(byte expectedTag = BerTag.Integer)
    {
        int at = Offset;
        var contents = ReadExpected(expectedTag);
        return DecodeSigned(contents, at, expectedTag);
    }

    /// <summary>Reads an INTEGER that must fit 32 bits (request-id, error-status, msgID…).</summary>
    public int ReadInt32(byte expectedTag = BerTag.Integer)
    {
        int at = Offset;
        long value = ReadInteger(expectedTag);
        if (value is < int.MinValue or > int.MaxValue)
        {
            throw new BerDecodeException(BerErrorKind.IntegerOverflow, at, expectedTag, $"{value} does not fit 32 bits");
        }

        return (int)value;
    }

    internal static long DecodeSigned(ReadOnlySpan<byte> contents, int at, byte tag)
    {
        if (contents.IsEmpty)
        {
            throw new BerDecodeException(BerErrorKind.InvalidLength, at, tag, "an INTEGER has at least one content byte (X.690 §8.3.1)");
        }

        // Strip redundant sign-extension bytes that some agents emit (non-minimal encoding).
        int i = 0;
        while (i < contents.Length - 1 &&
               ((contents[i] == 0x00 && (contents[i + 1] & 0x80) == 0) ||
                (contents[i] == 0xFF && (contents[i + 1] & 0x80) != 0)))
        {
            i++;
        }

        var significant = contents[i..];
        if (significant.Length > 8)
        {
            throw new BerDecodeException(BerErrorKind.IntegerOverflow, at, tag, $"{significant.Length} significant bytes");
        }

        long value = (significant[0] & 0x80) != 0 ? -1L : 0L;
        foreach (byte b in significant)
        {
            value = (value << 8) | b;
        }

        return value;
    }

    /// <summary>
    /// Reads an unsigned application integer (Counter32, Gauge32, TimeTicks: <paramref name="bits"/> = 32;
    /// Counter64: 64). A leading sign byte 0x00 is accepted, and so is a value whose top bit is set without
    /// one (agents that encode 0x80000000+ in four bytes mean the unsigned number).
    /// </summary>
    public ulong ReadUnsigned(byte expectedTag, int bits)
    {
        int at = Offset;
        var contents = ReadExpected(expectedTag);
        return DecodeUnsigned(contents, at, expectedTag, bits);
    }

    internal static ulong DecodeUnsigned(ReadOnlySpan<byte> contents, int at, byte tag, int bits)
    {
        if (contents.IsEmpty)
        {
            throw new BerDecodeException(BerErrorKind.InvalidLength, at, tag, "an integer has at least one content byte");
        }

        int maxBytes = bits / 8;
        int i = 0;
        while (i < contents.Length - 1 && contents[i] == 0x00)
        {
            i++;
        }

        var significant = contents[i..];
        if (significant.Length > maxBytes)
        {
            // A negative number sign-extended beyond the type's width (FF FF FF FF FE for 32 bits) keeps its low bits.
            int extra = significant.Length - maxBytes;
            for (int k = 0; k < extra; k++)
            {
                if (significant[k] != 0xFF)
                {
                    throw new BerDecodeException(BerErrorKind.IntegerOverflow, at, tag, $"value wider than {bits} bits");
                }
            }

            significant = significant[extra..];
        }

        ulong value = 0;
        foreach (byte b in significant)
        {
            value = (value << 8) | b;
        }

        return value;
    }
}
