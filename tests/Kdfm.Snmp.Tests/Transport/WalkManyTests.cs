using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>Several subtrees in shared GETBULK requests give exactly what one walk each gives, in fewer requests.</summary>
public class WalkManyTests
{
    private static readonly Oid[] Roots =
    [
        Oid.Parse("1.3.6.1.2.1.1"), Oid.Parse("1.3.6.1.2.1.2.2.1.6"), Oid.Parse("1.3.6.1.2.1.43.11.1.1"), Oid.Parse("1.3.6.1.2.1.43.99"),
        Oid.Parse("1.3.6.1.2.1.43.18.1.1"), Oid.Parse("1.3.6.1.4.1.1347.42.3.1"), Oid.Parse("1.3.6.1.2.1.25.3.2.1"), Oid.Parse("1.3.6.1.2.1.43.5.1.1"),
        Oid.Parse("1.3.6.1.2.1.43.8.2.1"), Oid.Parse("1.3.6.1.2.1.43.10.2.1"), Oid.Parse("1.3.6.1.2.1.43.12.1.1"), Oid.Parse("1.3.6.1.4.1.9999"),
    ];

    [Theory]
    [InlineData(SnmpVersion.V2c)]
    [InlineData(SnmpVersion.V1)]
    [InlineData(SnmpVersion.V3)]
    public async Task Gives_the_rows_of_one_walk_per_subtree(SnmpVersion version)
    {
        var user = new UsmUser("kdfm", AuthProtocol.Sha1, new Secret("authpass-1"), PrivProtocol.Aes128, new Secret("privpass-1"));
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.CorpusWalks, "printmaster-kyocera_cs4053.snmprec")], v3: user);
        await using var client = new SnmpClient();
        var target = (version == SnmpVersion.V3 ? SnmpTarget.V3(fleet[0], user) : new SnmpTarget(fleet[0], version, new Secret("public")))
            with { Timeout = TimeSpan.FromSeconds(3) };

        var many = await client.WalkManyAsync(target, Roots, new WalkOptions { GetRootWhenEmpty = false });
        Assert.True(many.IsSuccess, many.ToString());
        int separateRequests = 0;
        for (int i = 0; i < Roots.Length; i++)
        {
            var one = await client.WalkAsync(target, Roots[i], new WalkOptions { GetRootWhenEmpty = false });
            separateRequests += one.Value.Requests;
            Assert.Equal(one.Value.Rows.Select(r => r.ToString()), many.Value.Rows[i].Select(r => r.ToString()));
        }

        Assert.Empty(many.Value.Rows[3]);
        Assert.Empty(many.Value.Rows[11]);
        Assert.True(many.Value.Rows[5].Length > 100);
        if (version != SnmpVersion.V1)
        {
            Assert.True(many.Value.Requests < separateRequests, $"{many.Value.Requests} requests together, {separateRequests} apart");
        }

        Assert.Equal(WalkEnd.EndOfSubtree, many.Value.End);
    }

    [Theory]
    [InlineData(SnmpVersion.V2c)]
    [InlineData(SnmpVersion.V1)]
    public async Task The_byte_cap_bounds_all_subtrees_together_and_keeps_a_prefix_of_each(SnmpVersion version)
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.CorpusWalks, "printmaster-kyocera_cs4053.snmprec")]);
        await using var client = new SnmpClient();
        var target = new SnmpTarget(fleet[0], version, new Secret("public")) with { Timeout = TimeSpan.FromSeconds(3) };
        var options = new WalkOptions { GetRootWhenEmpty = false };
        var whole = await client.WalkManyAsync(target, Roots, options);
        long wholeBytes = whole.Value.Rows.SelectMany(r => r).Sum(WalkBudget.Bytes);
        long largest = whole.Value.Rows.SelectMany(r => r).Max(WalkBudget.Bytes);

        long cap = wholeBytes / 2;
        var capped = await client.WalkManyAsync(target, Roots, options with { MaxBytes = cap });
        Assert.True(capped.IsSuccess, capped.ToString());
        Assert.Equal(WalkEnd.ByteCap, capped.Value.End);
        long kept = capped.Value.Rows.SelectMany(r => r).Sum(WalkBudget.Bytes);
        Assert.InRange(kept, cap - largest + 1, cap); // stopped at the first row that did not fit, not before
        for (int i = 0; i < Roots.Length; i++)
        {
            Assert.Equal(whole.Value.Rows[i].Take(capped.Value.Rows[i].Length), capped.Value.Rows[i]);
        }
    }
}
