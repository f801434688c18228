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
        Assert.Equal(new SnapshotHeader(null, string.Empty, null, null), SnapshotHeader.Read("{\"key\":7,\"address\":42,\"collectedAt\":\"yesterday\"}"));
    }

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
