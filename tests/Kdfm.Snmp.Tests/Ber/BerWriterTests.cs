using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp.Tests.Ber;

public class BerWriterTests
{
    [Theory]
    [InlineData(0L, "020100")]
    [InlineData(127L, "02017F")]
    [InlineData(128L, "02020080")]
    [InlineData(-1L, "0201FF")]
    [InlineData(-128L, "020180")]
    [InlineData(-129L, "0202FF7F")]
    [InlineData(2147483647L, "02047FFFFFFF")]
    [InlineData(-2147483648L, "020480000000")]
    public void Writes_minimal_integers(long value, string expected)
    {
        var writer = new BerWriter();
        writer.WriteInteger(value);
        Assert.Equal(expected, Hex.Of(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(BerTag.Counter32, 0UL, "410100")]
    [InlineData(BerTag.Counter32, 4294967295UL, "410500FFFFFFFF")]
    [InlineData(BerTag.TimeTicks, 8640000UL, "43040083D600")]
    [InlineData(BerTag.Counter64, ulong.MaxValue, "460900FFFFFFFFFFFFFFFF")]
    public void Writes_unsigned_with_a_sign_byte_when_needed(byte tag, ulong value, string expected)
    {
        var writer = new BerWriter();
        writer.WriteUnsigned(tag, value);
        Assert.Equal(expected, Hex.Of(writer.WrittenSpan));
    }

    [Theory]
    [InlineData("1.3.6.1.2.1.1.1.0", "06082B06010201010100")]
    [InlineData("0.0", "060100")]
    [InlineData("1.3.4294967295", "06062B8FFFFFFF7F")]
    [InlineData("2.999", "06028837")]
    public void Writes_object_identifiers(string oid, string expected)
    {
        var writer = new BerWriter();
        writer.WriteOid(Oid.Parse(oid));
        Assert.Equal(expected, Hex.Of(writer.WrittenSpan));
    }

    [Theory]
    [InlineData(0, "3000")]
    [InlineData(127, "307F")]
    [InlineData(128, "308180")]
    [InlineData(255, "3081FF")]
    [InlineData(256, "30820100")]
    [InlineData(70000, "3083011170")]
    public void Inserts_minimal_lengths_when_a_constructed_element_ends(int contentLength, string expectedHeader)
    {
        var writer = new BerWriter(8);
        int seq = writer.Begin(BerTag.Sequence);
        writer.WriteRaw(new byte[contentLength]);
        writer.End(seq);
        Assert.Equal(expectedHeader, Hex.Of(writer.WrittenSpan[..(expectedHeader.Length / 2)]));
        Assert.Equal(contentLength + expectedHeader.Length / 2, writer.Length);
    }
}
