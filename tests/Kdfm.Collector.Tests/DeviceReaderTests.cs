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
}
