using Kdfm.Collector.Polling;
using Kdfm.Snmp;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

public sealed class DeviceReaderTests
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly Oid Missing = Oid.Parse("1.3.6.1.4.1.99999.1.0");
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    [Theory]
    [InlineData(SnmpVersion.V1, 2)]
    [InlineData(SnmpVersion.V2c, 1)]
    public async Task A_missing_instance_costs_only_itself_in_a_batched_get(SnmpVersion version, int expectedRequests)
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")]);
        await using var client = new SnmpClient();
        var target = version == SnmpVersion.V1 ? SnmpTarget.V1(fleet[0], "public") : SnmpTarget.V2c(fleet[0], "public");

        var (found, requests) = await DeviceReader.GetExistingAsync(client, target, [SysDescr, Missing, SysName], CancellationToken.None);

        Assert.Equal([SysDescr, SysName], found.Select(v => v.Oid).ToArray());
        Assert.Equal(expectedRequests, requests);
    }

    [Fact]
    public async Task A_device_that_answers_without_end_is_read_up_to_the_byte_cap_and_the_snapshot_says_so()
    {
        // Our own fixture, written here: a printer whose alert table holds 320 descriptions of 16 KB (5 MB in all).
        using var folder = new TempDirectory("kdfm-reader-");
        var lines = new List<string> { "1.3.6.1.2.1.1.1.0|4|Hostile printer", "1.3.6.1.2.1.1.2.0|6|1.3.6.1.4.1.1347.41", "1.3.6.1.2.1.25.3.2.1.2.1|6|1.3.6.1.2.1.25.3.1.5" };
        lines.AddRange(Enumerable.Range(1, 320).Select(i => $"1.3.6.1.2.1.43.18.1.1.8.1.{i}|4|{new string((char)('a' + (i % 26)), 16 * 1024)}"));
        await File.WriteAllLinesAsync(folder["hostile.snmprec"], lines);
        await using var fleet = InProcessFleet.Start([folder["hostile.snmprec"]]);
        await using var client = new SnmpClient();

        var reading = await DeviceReader.ReadAsync(client, SnmpTarget.V2c(fleet[0], "public") with { Timeout = TimeSpan.FromSeconds(2) }, TimeProvider.System, TimeSpan.FromMinutes(2));

        Assert.True(reading.IsSuccess, reading.ToString());
        Assert.Contains(reading.Value.Warnings, w => w.Contains("reached 4 MB", StringComparison.Ordinal));
        Assert.InRange(reading.Value.Snmp!.Requests, 2, 400);
    }
}
