namespace Kdfm.Snmp.Tests;

public class OidTests
{
    [Theory]
    [InlineData("1.3.6.1.2.1.1.1.0", true)]
    [InlineData(".1.3.6.1", true)]
    [InlineData("1.3.6.1.4294967295", true)]
    [InlineData("1.3.6.1.4294967296", false)]
    [InlineData("1", false)]
    [InlineData("1..3", false)]
    [InlineData("1.3.a", false)]
    [InlineData("3.1", false)]
    [InlineData("1.40", false)]
    [InlineData("", false)]
    public void Parses_only_valid_dotted_notation(string text, bool valid) => Assert.Equal(valid, Oid.TryParse(text, out _));

    [Fact]
    public void Orders_lexicographically_by_arc_not_by_text()
    {
        var oids = new[] { "1.3.6.1.10", "1.3.6.1.9", "1.3.6.1", "1.3.6.1.9.0" }.Select(Oid.Parse).Order().Select(o => o.ToString());
        Assert.Equal(["1.3.6.1", "1.3.6.1.9", "1.3.6.1.9.0", "1.3.6.1.10"], oids);
    }

    [Fact]
    public void Has_value_equality_and_subtree_tests()
    {
        var a = Oid.Parse("1.3.6.1.2.1");
        var b = Oid.Parse(".1.3.6.1.2.1");
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.True(a.IsAncestorOf(Oid.Parse("1.3.6.1.2.1.1")));
        Assert.False(a.IsAncestorOf(a));
        Assert.False(a.IsAncestorOf(Oid.Parse("1.3.6.1.2.10")));
        Assert.Equal("1.3.6.1.2.1.7.0", a.Append(7, 0).ToString());
    }

    [Fact]
    public void Values_compare_by_content()
    {
        Assert.Equal(SnmpValue.OctetString([1, 2, 3]), SnmpValue.OctetString([1, 2, 3]));
        Assert.NotEqual(SnmpValue.OctetString([1, 2, 3]), SnmpValue.Opaque([1, 2, 3]));
        Assert.NotEqual(SnmpValue.Counter32(5), SnmpValue.Gauge32(5));
        Assert.Equal(SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6")), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6")));
        Assert.Equal(-3, SnmpValue.Integer(-3).AsInt64());
    }
}
