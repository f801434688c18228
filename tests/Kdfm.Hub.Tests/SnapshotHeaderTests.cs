using System.Text.Json;
using Kdfm.Hub.Agents;

namespace Kdfm.Hub.Tests;

public sealed class SnapshotHeaderTests
{
    [Fact]
    public void Reads_the_top_level_address_and_time_and_ignores_the_same_names_deeper()
    {
        const string json = """
            {"supplies":[{"address":"nested","collectedAt":"2000-01-01T00:00:00Z"}],"key":"hp:X","address":"127.20.0.3",
             "snmp":{"address":"x"},"collectedAt":"2026-11-28T10:00:01.5+01:00","counters":[]}
            """;
        var (address, collectedAt) = SnapshotHeader.Read(json);
        Assert.Equal("127.20.0.3", address);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 9, 0, 1, 500, TimeSpan.Zero), collectedAt);
    }

    [Theory]
    [InlineData("{\"address\":\"127.0.0.1\"")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("{\"address\":\"a\"} trailing")]
    [InlineData("")]
    public void Malformed_or_non_object_json_is_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => SnapshotHeader.Read(json));

    [Fact]
    public void Missing_or_odd_fields_give_no_address_and_no_time()
    {
        Assert.Equal((string.Empty, (DateTimeOffset?)null), SnapshotHeader.Read("{\"address\":42,\"collectedAt\":\"yesterday\"}"));
    }
}
