using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Tests.Ber;

public class BerReaderTests
{
    [Theory]
    [InlineData("02 01 00", 0L)]
    [InlineData("02 01 7F", 127L)]
    [InlineData("02 02 00 80", 128L)]
    [InlineData("02 01 80", -128L)]
    [InlineData("02 01 FD", -3L)]
    [InlineData("02 04 7F FF FF FF", 2147483647L)]
    [InlineData("02 04 80 00 00 00", -2147483648L)]
    [InlineData("02 08 7F FF FF FF FF FF FF FF", long.MaxValue)]
    // Tolerated: non-minimal encodings seen from real agents.
    [InlineData("02 04 00 00 00 05", 5L)]
    [InlineData("02 03 FF FF FD", -3L)]
    [InlineData("02 09 00 00 00 00 00 00 00 00 2A", 42L)]
    public void Reads_integers(string hex, long expected)
    {
        var reader = new BerReader(Hex.Bytes(hex));
        Assert.Equal(expected, reader.ReadInteger());
        Assert.False(reader.HasMore);
    }

    [Theory]
    [InlineData("41 01 05", 5UL)]
    [InlineData("41 05 00 FF FF FF FF", 4294967295UL)] // with the sign byte
    [InlineData("41 04 FF FF FF FF", 4294967295UL)]    // without it: the unsigned value is meant
    [InlineData("41 05 FF FF FF FF FE", 4294967294UL)] // a sign-extended negative keeps its low 32 bits
    [InlineData("42 06 00 00 00 00 00 07", 7UL)]       // non-minimal Gauge32
    public void Reads_32_bit_unsigned(string hex, ulong expected)
    {
        var bytes = Hex.Bytes(hex);
        var reader = new BerReader(bytes);
        Assert.Equal(expected, reader.ReadUnsigned(bytes[0], 32));
    }

    [Fact]
    public void Reads_counter64_maximum()
    {
        var reader = new BerReader(Hex.Bytes("46 09 00 FF FF FF FF FF FF FF FF"));
        Assert.Equal(ulong.MaxValue, reader.ReadUnsigned(BerTag.Counter64, 64));
    }

    [Theory]
    [InlineData("04 03 61 62 63", "abc")]
    [InlineData("04 81 03 61 62 63", "abc")]          // long form where short would do
    [InlineData("04 82 00 03 61 62 63", "abc")]       // non-minimal long form
    [InlineData("04 84 00 00 00 03 61 62 63", "abc")]
    [InlineData("04 00", "")]
    public void Reads_lengths_in_every_definite_form(string hex, string expected)
    {
        var reader = new BerReader(Hex.Bytes(hex));
        Assert.Equal(expected, System.Text.Encoding.ASCII.GetString(reader.ReadExpected(BerTag.OctetString)));
    }

    [Theory]
    [InlineData("06 08 2B 06 01 02 01 01 01 00", "1.3.6.1.2.1.1.1.0")]
    [InlineData("06 01 00", "0.0")]
    [InlineData("06 03 2B 06 01", "1.3.6.1")]
    [InlineData("06 06 2B 8F FF FF FF 7F", "1.3.4294967295")]
    [InlineData("06 02 88 37", "2.999")]
    [InlineData("06 06 2B 06 01 04 01 81", null)] // unterminated
    public void Reads_object_identifiers(string hex, string? expected)
    {
        var bytes = Hex.Bytes(hex);
        if (expected is null)
        {
            var e = Assert.Throws<BerDecodeException>(() => new BerReader(bytes).ReadOid());
            Assert.Equal(BerErrorKind.InvalidOid, e.Kind);
            return;
        }

        Assert.Equal(expected, new BerReader(bytes).ReadOid().ToString());
    }

    public static TheoryData<string, string, BerErrorKind, int> BadCases => new()
    {
        { "empty input", "", BerErrorKind.Truncated, 0 },
        { "tag without length", "02", BerErrorKind.Truncated, 0 },
        { "length past the end", "04 05 61 62", BerErrorKind.Truncated, 0 },
        { "indefinite length", "30 80 02 01 00 00 00", BerErrorKind.IndefiniteLength, 0 },
        { "reserved length byte", "04 FF 00", BerErrorKind.InvalidLength, 0 },
        { "long form past the end", "04 84 00 00", BerErrorKind.Truncated, 0 },
        { "length over 2^31", "04 85 01 00 00 00 00", BerErrorKind.InvalidLength, 0 },
        { "multi-byte tag", "1F 01 00", BerErrorKind.UnsupportedTag, 0 },
        { "integer with no content", "02 00", BerErrorKind.InvalidLength, 0 },
        { "integer wider than 64 bits", "02 09 01 00 00 00 00 00 00 00 00", BerErrorKind.IntegerOverflow, 0 },
        { "OID sub-identifier over 32 bits", "06 06 2B 90 80 80 80 00", BerErrorKind.InvalidOid, 0 },
        { "empty OID", "06 00", BerErrorKind.InvalidOid, 0 },
    };

    [Theory]
    [MemberData(nameof(BadCases))]
    public void Rejects_broken_encodings_with_kind_and_offset(string name, string hex, BerErrorKind kind, int offset)
    {
        var bytes = Hex.Bytes(hex);
        var e = Assert.Throws<BerDecodeException>(() =>
        {
            var reader = new BerReader(bytes);
            var contents = reader.ReadElement(out byte tag);
            if (tag == BerTag.Integer)
            {
                BerReader.DecodeSigned(contents, 0, tag);
            }
            else if (tag == BerTag.ObjectIdentifier)
            {
                BerReader.DecodeOidArcs(contents, 0);
            }
        });
        Assert.True(kind == e.Kind, $"{name}: expected {kind}, got {e.Kind}");
        Assert.Equal(offset, e.Offset);
    }

    [Fact]
    public void Errors_inside_nested_elements_carry_the_absolute_offset_and_tag()
    {
        // SEQUENCE { INTEGER 1, OCTET STRING claiming 9 bytes of which 2 exist }
        var bytes = Hex.Bytes("30 07 02 01 01 04 09 61 62");
        var e = Assert.Throws<BerDecodeException>(() =>
        {
            var outer = new BerReader(bytes);
            var seq = outer.ReadConstructed(BerTag.Sequence);
            seq.ReadInteger();
            seq.ReadExpected(BerTag.OctetString);
        });
        Assert.Equal(BerErrorKind.Truncated, e.Kind);
        Assert.Equal(5, e.Offset);
        Assert.Equal(BerTag.OctetString, e.Tag);

        var inner = Assert.Throws<BerDecodeException>(() =>
        {
            var reader = new BerReader(Hex.Bytes("30 07 02 01 01 04 02 61 62"));
            var seq = reader.ReadConstructed(BerTag.Sequence);
            seq.ReadInteger();
            seq.ReadInteger();
        });
        Assert.Equal(BerErrorKind.UnexpectedTag, inner.Kind);
        Assert.Equal(5, inner.Offset);
        Assert.Equal(BerTag.OctetString, inner.Tag);
    }

    [Fact]
    public void Trailing_bytes_after_a_sequence_are_reported()
    {
        var e = Assert.Throws<BerDecodeException>(() =>
        {
            var reader = new BerReader(Hex.Bytes("30 03 02 01 01 00"));
            reader.ReadConstructed(BerTag.Sequence);
            reader.EnsureEnd();
        });
        Assert.Equal(BerErrorKind.TrailingData, e.Kind);
        Assert.Equal(5, e.Offset);
    }
}
