using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>WalkOptions.MaxBytes: what one agent can make a walk hold is bounded, whatever its row count.</summary>
public class WalkByteCapTests
{
    private static readonly Oid Table = Oid.Parse("1.3.6.1.2.1.43.18.1.1.8.1");

    private static SnmpTarget Target(FakeAgent agent) =>
        new(agent.EndPoint, SnmpVersion.V2c, new Secret("public")) { Retries = 1, Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>A table of <paramref name="rows"/> rows whose values are <paramref name="valueBytes"/> octets each, served by GETNEXT/GETBULK.</summary>
    private static IEnumerable<FakeAgent.Reply> Serve(CommunityMessage request, int rows, int valueBytes)
    {
        var start = request.Pdu.VarBinds[0].Oid;
        int take = request.Pdu.Type == PduType.GetBulkRequest ? request.Pdu.MaxRepetitions : 1;
        var answer = Enumerable.Range(1, rows).Select(i => new VarBind(Table.Append((uint)i), SnmpValue.OctetString(new byte[valueBytes])))
            .Where(r => r.Oid > start).Take(take).ToList();
        if (answer.Count < take)
        {
            answer.Add(new VarBind(Oid.Parse("1.3.6.1.2.1.43.18.1.1.9.1.1"), SnmpValue.Integer(1)));
        }

        return [FakeAgent.Respond(request, [.. answer])];
    }

    [Fact]
    public void A_row_holds_its_oid_arcs_and_its_value()
    {
        Assert.Equal(13 * 4 + 1000, WalkBudget.Bytes(new VarBind(Table.Append(1), SnmpValue.OctetString(new byte[1000]))));
        Assert.Equal(13 * 4 + 8, WalkBudget.Bytes(new VarBind(Table.Append(1), SnmpValue.Counter64(1))));
        Assert.Equal(13 * 4 + 7 * 4, WalkBudget.Bytes(new VarBind(Table.Append(1), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.1347")))));
    }

    [Fact]
    public async Task A_walk_stops_before_the_row_that_would_pass_the_byte_cap()
    {
        await using var agent = new FakeAgent((r, _) => Serve(r, 100, 1000));
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent), Table, new WalkOptions { MaxBytes = 10_000 });
        Assert.True(walk.IsSuccess, walk.ToString());
        Assert.Equal(WalkEnd.ByteCap, walk.Value.End);
        Assert.Equal(Enumerable.Range(1, 9).Select(i => Table.Append((uint)i)), walk.Value.Rows.Select(r => r.Oid)); // 9 × 1,052 bytes; a 10th is 10,520
    }

    [Fact]
    public async Task A_first_row_over_the_byte_cap_gives_no_rows_and_no_get_of_the_root()
    {
        await using var agent = new FakeAgent((r, _) => Serve(r, 3, 60_000));
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent) with { MaxRepetitions = 1 }, Table, new WalkOptions { MaxBytes = 50_000 });
        Assert.Equal((WalkEnd.ByteCap, 0, 1), (walk.Value.End, walk.Value.Rows.Length, agent.Requests));
    }

    [Fact]
    public async Task Without_a_byte_cap_the_walk_reads_the_whole_table()
    {
        await using var agent = new FakeAgent((r, _) => Serve(r, 100, 1000));
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent), Table);
        Assert.Equal((WalkEnd.EndOfSubtree, 100), (walk.Value.End, walk.Value.Rows.Length));
    }
}
