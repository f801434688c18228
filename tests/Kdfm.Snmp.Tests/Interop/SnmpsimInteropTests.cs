using Kdfm.Snmp.Security;
using Kdfm.Snmp.Snmprec;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Interop;

/// <summary>Our client against snmpsim (pysnmp): the Reeder key extension, and recorded walks of real printers.</summary>
public class SnmpsimInteropTests(SnmpsimFixture snmpsim) : IClassFixture<SnmpsimFixture>
{
    private const string Demo = "demo-kyocera-m2999dn";

    public static TheoryData<string> UserNames() => new(SnmpsimFixture.Users.Select(u => u.Name));

    public static TheoryData<string> CorpusWalks() =>
        new(Directory.EnumerateFiles(Kdfm.Testing.RepositoryPaths.CorpusWalks, "*.snmprec").Select(Path.GetFileNameWithoutExtension).Order()!);

    [Theory]
    [MemberData(nameof(UserNames))]
    public async Task V3_with_the_key_extensions_net_snmp_does_not_have(string name)
    {
        var spec = SnmpsimFixture.Users.Single(u => u.Name == name);
        var user = new UsmUser(name, spec.Auth, new Secret(SnmpsimFixture.AuthPass), spec.Priv, new Secret(SnmpsimFixture.PrivPass));
        await using var client = new SnmpClient();
        var target = SnmpTarget.V3(snmpsim.EndPoint, user, contextName: Demo) with { Timeout = TimeSpan.FromSeconds(2) };
        var get = await client.GetAsync(target, [Oid.Parse("1.3.6.1.2.1.1.5.0")]);
        Assert.True(get.IsSuccess, $"{name}: {get}\n{snmpsim.Log}");
        Assert.Equal("KM-DEMO-1", get.Value.VarBinds.Single().Value.ToString());
    }

    [Fact]
    public async Task The_other_key_extension_does_not_decrypt()
    {
        // reeder256 with Blumenthal's extension: the keys differ after the 20th byte, so the agent cannot decrypt.
        var user = new UsmUser("reeder256", AuthProtocol.Sha1, new Secret(SnmpsimFixture.AuthPass), PrivProtocol.Aes256, new Secret(SnmpsimFixture.PrivPass));
        await using var client = new SnmpClient();
        var target = SnmpTarget.V3(snmpsim.EndPoint, user, contextName: Demo) with { Timeout = TimeSpan.FromMilliseconds(500), Retries = 0 };
        var get = await client.GetAsync(target, [Oid.Parse("1.3.6.1.2.1.1.5.0")]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(get.IsSuccess);
    }

    [Theory]
    [MemberData(nameof(CorpusWalks))]
    public async Task Walking_a_recorded_printer_through_snmpsim_returns_the_recording(string walk)
    {
        var expected = SnmprecFormat.ReadFile(snmpsim.Walks[walk]).Rows;
        await using var client = new SnmpClient();
        var target = SnmpTarget.V2c(snmpsim.EndPoint, walk) with { Timeout = TimeSpan.FromSeconds(3), Retries = 2 };
        var result = await client.WalkAsync(target, Oid.Parse("1.3.6.1"));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal(expected.Select(SnmprecFormat.FormatLine), result.Value.Rows.Select(SnmprecFormat.FormatLine));
    }
}
