namespace Kdfm.Snmp.Ber;

public ref partial struct BerReader
{
    /// <summary>Reads an OBJECT IDENTIFIER (X.690 §8.19); each sub-identifier must fit 32 bits (RFC 2578 §3.5).</summary>
    public Oid ReadOid()
    {
        int at = Offset;
        var contents = ReadExpected(BerTag.ObjectIdentifier);
        return new Oid(DecodeOidArcs(contents, at));
    }

    internal static uint[] DecodeOidArcs(ReadOnlySpan<byte> contents, int at)
    {
        if (contents.IsEmpty)
        {
            throw new BerDecodeException(BerErrorKind.InvalidOid, at, BerTag.ObjectIdentifier, "empty OBJECT IDENTIFIER");
        }

        // Count sub-identifiers first (bytes without the continuation bit end one) so the array is allocated once.
        int count = 0;
        foreach (byte b in contents)
        {
            if ((b & 0x80) == 0)
            {
                count++;
            }
        }

        if ((contents[^1] & 0x80) != 0)
        {
            throw new BerDecodeException(BerErrorKind.InvalidOid, at, BerTag.ObjectIdentifier, "last sub-identifier is unterminated");
        }

        var arcs = new uint[count + 1];
        int arc = 0;
        ulong value = 0;
        int bytesInArc = 0;
        foreach (byte b in contents)
        {
            // X.690 §8.19.2 forbids a leading 0x80 byte in a sub-identifier; it adds nothing to the value, so it is tolerated.
            value = (value << 7) | (uint)(b & 0x7F);
            bytesInArc++;
            if ((arc > 0 && value > uint.MaxValue) || bytesInArc > 9)
            {
                throw new BerDecodeException(BerErrorKind.InvalidOid, at, BerTag.ObjectIdentifier, "sub-identifier exceeds 32 bits");
            }

            if ((b & 0x80) != 0)
            {
                continue;
            }

            if (arc == 0)
            {
                // X.690 §8.19.4: the first sub-identifier packs the first two arcs as X*40+Y.
                if (value < 40)
                {
                    arcs[0] = 0;
                    arcs[1] = (uint)value;
                }
                else if (value < 80)
                {
                    arcs[0] = 1;
                    arcs[1] = (uint)(value - 40);
                }
                else
                {
                    if (value - 80 > uint.MaxValue)
                    {
                        throw new BerDecodeException(BerErrorKind.InvalidOid, at, BerTag.ObjectIdentifier, "second arc exceeds 32 bits");
                    }

                    arcs[0] = 2;
                    arcs[1] = (uint)(value - 80);
                }

                arc = 2;
            }
            else
            {
                arcs[arc++] = (uint)value;
            }

            value = 0;
            bytesInArc = 0;
        }

        return arcs;
    }
}
