using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Interop;

/// <summary>Our client against a real Net-SNMP 5.9.3 agent.</summary>
public class SnmpdInteropTests(SnmpdFixture snmpd) : IClassFixture<SnmpdFixture>
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly Oid System = Oid.Parse("1.3.6.1.2.1.1");

    public static TheoryData<AuthProtocol, PrivProtocol> Pairs()
    {
        var data = new TheoryData<AuthProtocol, PrivProtocol>();
        foreach (var auth in SnmpdFixture.AuthProtocols)
        {
            data.Add(auth, PrivProtocol.None);
            foreach (var priv in SnmpdFixture.PrivProtocols)
            {
                data.Add(auth, priv);
            }
        }

        return data;
    }

    private SnmpTarget V3(UsmUser user) => SnmpTarget.V3(snmpd.EndPoint, user) with { Timeout = TimeSpan.FromSeconds(2), Retries = 1 };

    [Theory]
    [InlineData(SnmpVersion.V1)]
    [InlineData(SnmpVersion.V2c)]
    public async Task Community_versions_get_and_walk(SnmpVersion version)
    {
        await using var client = new SnmpClient();
        var target = new SnmpTarget(snmpd.EndPoint, version, new Secret(SnmpdFixture.Community));
        var get = await client.GetAsync(target, [SysDescr]);
        Assert.Equal(SnmpdFixture.SysDescr, get.Value.VarBinds.Single().Value.ToString());

        var walk = await client.WalkAsync(target, System);
        Assert.True(walk.IsSuccess, walk.ToString());
        Assert.Contains(walk.Value.Rows, r => r.Oid == Oid.Parse("1.3.6.1.2.1.1.5.0") && r.Value.ToString() == "kdfm-interop");
        Assert.True(walk.Value.Rows.Length >= 7);
        Assert.Equal(WalkEnd.EndOfSubtree, walk.Value.End);
    }

    [Fact]
    public async Task V3_no_auth_no_priv()
    {
        await using var client = new SnmpClient();
        var get = await client.GetAsync(V3(new UsmUser("plain")), [SysDescr]);
        Assert.Equal(SnmpdFixture.SysDescr, get.Value.VarBinds.Single().Value.ToString());
    }

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task V3_every_auth_and_privacy_pair(AuthProtocol auth, PrivProtocol priv)
    {
        await using var client = new SnmpClient();
        var target = V3(SnmpdFixture.User(auth, priv));
        var get = await client.GetAsync(target, [SysDescr]);
        Assert.True(get.IsSuccess, $"{auth}/{priv}: {get}\n{snmpd.Log}");
        Assert.Equal(SnmpdFixture.SysDescr, get.Value.VarBinds.Single().Value.ToString());

        var walk = await client.WalkAsync(target, System);
        Assert.Contains(walk.Value.Rows, r => r.Value.ToString() == "kdfm-interop");
    }

    [Fact]
    public async Task Wrong_auth_passphrase_is_a_wrong_digest()
    {
        await using var client = new SnmpClient();
        var user = SnmpdFixture.User(AuthProtocol.Sha256, PrivProtocol.Aes128) with { AuthPassphrase = new Secret("not-the-passphrase") };
        var result = await client.GetAsync(V3(user), [SysDescr]).WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<AuthenticationError>(result.Error);
        Assert.Equal(UsmReportKind.WrongDigest, error.Kind);
        Assert.Equal($"Authentication failure: wrong digest (user {user.Name})", error.Describe());
    }

    [Fact]
    public async Task Wrong_privacy_passphrase_is_a_timeout_that_says_what_it_likely_means()
    {
        // snmpd cannot parse what it decrypted with the wrong key and drops it silently (no decryptionError report).
        await using var client = new SnmpClient();
        var user = SnmpdFixture.User(AuthProtocol.Sha1, PrivProtocol.Aes128) with { PrivPassphrase = new Secret("not-the-passphrase") };
        var result = await client.GetAsync(V3(user) with { Timeout = TimeSpan.FromMilliseconds(300) }, [SysDescr]).WaitAsync(TimeSpan.FromSeconds(10));
        var timeout = Assert.IsType<TimeoutError>(result.Error);
        Assert.Contains("privacy passphrase", timeout.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_user_is_named()
    {
        await using var client = new SnmpClient();
        var user = new UsmUser("nobody-here", AuthProtocol.Sha1, new Secret(SnmpdFixture.AuthPass));
        var result = await client.GetAsync(V3(user), [SysDescr]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(UsmReportKind.UnknownUserName, Assert.IsType<AuthenticationError>(result.Error).Kind);
    }

    [Fact]
    public async Task A_lower_security_level_than_the_user_needs_is_refused()
    {
        await using var client = new SnmpClient();
        var user = new UsmUser(SnmpdFixture.UserName(AuthProtocol.Md5, PrivProtocol.Des), AuthProtocol.Md5, new Secret(SnmpdFixture.AuthPass));
        var result = await client.GetAsync(V3(user), [SysDescr]).WaitAsync(TimeSpan.FromSeconds(10));
        // snmpd answers a read below the user's "rouser … priv" level with an authorizationError response.
        Assert.False(result.IsSuccess);
    }

    [Fact]
    public async Task Wrong_community_is_a_timeout_not_a_hang()
    {
        await using var client = new SnmpClient();
        var target = SnmpTarget.V2c(snmpd.EndPoint, "wrong-community") with { Timeout = TimeSpan.FromMilliseconds(300), Retries = 1 };
        var result = await client.GetAsync(target, [SysDescr]).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.IsType<TimeoutError>(result.Error);
    }

    [Fact]
    public async Task The_engine_clock_is_learnt_once_and_reused()
    {
        await using var client = new SnmpClient();
        var target = V3(SnmpdFixture.User(AuthProtocol.Sha512, PrivProtocol.Aes256));
        for (int i = 0; i < 5; i++)
        {
            Assert.True((await client.GetAsync(target, [SysDescr])).IsSuccess);
        }

        // One discovery exchange, then one exchange per GET: no re-synchronisation.
        Assert.Equal(6, client.Statistics.ResponsesAccepted);
        Assert.Equal(0, client.Statistics.AuthenticationFailures);
    }

    [Fact]
    public async Task Several_subtrees_in_shared_requests_equal_one_walk_each()
    {
        await using var client = new SnmpClient();
        var target = SnmpTarget.V2c(snmpd.EndPoint, SnmpdFixture.Community);
        Oid[] roots = [Oid.Parse("1.3.6.1.2.1.1"), Oid.Parse("1.3.6.1.2.1.2.2.1.2"), Oid.Parse("1.3.6.1.2.1.25.1"), Oid.Parse("1.3.6.1.2.1.43"), Oid.Parse("1.3.6.1.6.3.15.1.1")];
        var many = await client.WalkManyAsync(target, roots);
        Assert.True(many.IsSuccess, many.ToString());
        for (int i = 0; i < roots.Length; i++)
        {
            var one = await client.WalkAsync(target, roots[i], new WalkOptions { GetRootWhenEmpty = false });
            // sysUpTime and hrSystemUptime tick between the two reads: compare the OIDs, and the values of the rest.
            Assert.Equal(one.Value.Rows.Select(r => r.Oid), many.Value.Rows[i].Select(r => r.Oid));
        }

        Assert.Contains(many.Value.Rows[0], r => r.Value.ToString() == SnmpdFixture.SysDescr);
        Assert.Empty(many.Value.Rows[3]); // snmpd has no Printer MIB
    }
}
