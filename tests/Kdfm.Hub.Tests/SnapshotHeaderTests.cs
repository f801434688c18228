using System.Text.Json;
using Kdfm.Hub.Agents;

namespace Kdfm.Hub.Tests;

public sealed class SnapshotHeaderTests
{
    [Fact]
    public void Reads_the_top_level_key_address_and_time_and_ignores_the_same_names_deeper()
    {
        const string json = """
            {"supplies":[{"address":"nested","collectedAt":"2000-01-01T00:00:00Z","key":"k","tenant":"t"}],"key":"hp:X","address":"127.20.0.3",
             "snmp":{"address":"x","tenant":"t"},"collectedAt":"2026-11-28T10:00:01.5+01:00","counters":[]}
            """;
        Assert.Equal(new SnapshotHeader("hp:X", "127.20.0.3", new DateTimeOffset(2026, 11, 28, 9, 0, 1, 500, TimeSpan.Zero), null), SnapshotHeader.Read(json));
    }

    [Theory]
    [InlineData("{\"address\":\"127.0.0.1\"")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"address\":\"a\"} trailing")]
    [InlineData("{\"key\":\"a\",}")]
    [InlineData("{\"key\":\"a\"} {}")]
    [InlineData("")]
    public void Malformed_or_non_object_json_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => SnapshotHeader.Read(json));

    [Fact]
    public void Missing_or_odd_fields_give_no_key_no_address_and_no_time()
    {
        Assert.Equal(new SnapshotHeader(null, string.Empty, null, null), SnapshotHeader.Read("{\"key\":7,\"address\":42,\"collectedAt\":null}"));
        Assert.Equal(new SnapshotHeader("k", string.Empty, null, null), SnapshotHeader.Read("{\"key\":\"k\"}"));
    }

    /// <summary>
    /// Strings whose escapes make no text (a lone surrogate): System.Text.Json throws InvalidOperationException on them, which
    /// would fail the whole upload (status Unknown) or, stored, every CSV export that reads them.
    /// </summary>
    [Theory]
    [InlineData("""{"key":"\udc00"}""")]
    [InlineData("""{"key":"k","address":"\ud800"}""")]
    [InlineData("""{"key":"k","tenant":"\udc00x"}""")]
    [InlineData("""{"key":"k","collectedAt":"2026-11-28T10:00:00Z\ud800"}""")]
    [InlineData("""{"key":"k","sysName":"\udc00"}""")]
    [InlineData("""{"key":"k","supplies":[{"description":"toner \ud83d"}]}""")]
    [InlineData("""{"key":"k","alerts":[{"\udc00":1}]}""")]
    [InlineData("""{"key":"k","model":"\ud800\ud800"}""")]
    public void A_string_that_does_not_unescape_anywhere_is_refused(string json) =>
        Assert.Contains("lone surrogate", Assert.Throws<SnapshotHeaderException>(() => SnapshotHeader.Read(json)).Message, StringComparison.Ordinal);

    [Fact]
    public void Escapes_that_make_text_are_read()
    {
        var header = SnapshotHeader.Read("""{"key":"hp:\u0041\ud83d\ude00","address":"127.0.0.\u0031","sysName":"\"quoted\"\n","collectedAt":"2026-11-28T10:00:00\u005a"}""");
        Assert.Equal(new SnapshotHeader("hp:A\U0001F600", "127.0.0.1", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), null), header);
    }

    [Theory]
    [InlineData("""{"key":"a","key":"b"}""", "key")]
    [InlineData("""{"key":"a","address":"1","address":"2"}""", "address")]
    [InlineData("""{"key":"a","collectedAt":null,"collectedAt":"2026-11-28T10:00:00Z"}""", "collectedAt")]
    [InlineData("""{"key":"a","tenant":1,"tenant":2}""", "tenant")]
    public void One_of_the_indexed_names_twice_is_refused(string json, string name) =>
        Assert.Equal($"{name} is twice in the snapshot", Assert.Throws<SnapshotHeaderException>(() => SnapshotHeader.Read(json)).Message);

    [Fact]
    public void Other_names_twice_and_the_same_names_deeper_are_taken() =>
        Assert.Equal("k", SnapshotHeader.Read("""{"key":"k","model":"a","model":"b","snmp":{"key":1,"key":2}}""").Key);

    [Theory]
    [InlineData("""{"key":"k","collectedAt":"yesterday"}""", "collectedAt 'yesterday' is not a date and time (RFC 3339)")]
    [InlineData("""{"key":"k","collectedAt":"2026-13-01T00:00:00Z"}""", "collectedAt '2026-13-01T00:00:00Z' is not a date and time (RFC 3339)")]
    [InlineData("""{"key":"k","collectedAt":1764324000}""", "collectedAt is a JSON Number, not a date and time (RFC 3339)")]
    [InlineData("""{"key":"k","collectedAt":{"at":"2026-11-28T10:00:00Z"}}""", "collectedAt is a JSON StartObject, not a date and time (RFC 3339)")]
    public void A_collected_at_that_is_not_a_time_is_refused(string json, string problem) =>
        Assert.Equal(problem, Assert.Throws<SnapshotHeaderException>(() => SnapshotHeader.Read(json)).Message);

    [Theory]
    [InlineData("{\"key\":\"k\",\"tenant\":\"acme\"}", "acme")]
    [InlineData("{\"tenant\":{\"name\":\"acme\"},\"key\":\"k\"}", "StartObject")]
    [InlineData("{\"tenant\":null,\"key\":\"k\"}", "Null")]
    public void A_top_level_tenant_is_noticed_whatever_its_value(string json, string tenant)
    {
        var header = SnapshotHeader.Read(json);
        Assert.Equal(("k", tenant), (header.Key, header.Tenant));
    }
}
