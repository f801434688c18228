using Kdfm.Simulator.Agent;
using Kdfm.Snmp;
using Kdfm.Snmp.Messages;

namespace Kdfm.Simulator.Tests.Agent;

public class PduProcessorTests
{
    private static readonly MibView View = new(
    [
        new VarBind(Oid.Parse("1.3.6.1.2.1.1.1.0"), SnmpValue.OctetString("descr")),
        new VarBind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("name")),
        new VarBind(Oid.Parse("1.3.6.1.2.1.2.2.1.2.1"), SnmpValue.OctetString("eth0")),
        new VarBind(Oid.Parse("1.3.6.1.2.1.2.2.1.2.2"), SnmpValue.OctetString("eth1")),
        new VarBind(Oid.Parse("1.3.6.1.2.1.2.2.1.3.1"), SnmpValue.Integer(6)),
        new VarBind(Oid.Parse("1.3.6.1.2.1.2.2.1.3.2"), SnmpValue.Integer(24)),
    ]);

    private static List<VarBind> Rows(List<PlanEntry> plan) =>
        plan.Select(e => e.IsRow ? new VarBind(View.OidAt(e.Row), View.ValueAt(e.Row)) : new VarBind(e.Oid, e.Value)).ToList();

    private static string Show(List<PlanEntry> plan) => string.Join(" | ", Rows(plan).Select(r => $"{r.Oid}={r.Value.Type}:{r.Value}"));

    [Fact]
    public void Get_tells_a_missing_instance_from_a_missing_object()
    {
        var plan = new List<PlanEntry>();
        var result = PduProcessor.Plan(View, Pdu.Get(1, Oid.Parse("1.3.6.1.2.1.1.5.0"), Oid.Parse("1.3.6.1.2.1.1.5.1"), Oid.Parse("1.3.6.1.2.1.1.9.0")), false, 65000, plan);
        Assert.Equal((ErrorStatus.NoError, 0), result);
        Assert.Equal("1.3.6.1.2.1.1.5.0=OctetString:name | 1.3.6.1.2.1.1.5.1=NoSuchInstance:No Such Instance currently exists at this OID | " +
                     "1.3.6.1.2.1.1.9.0=NoSuchObject:No Such Object available on this agent at this OID", Show(plan));
    }

    [Fact]
    public void V1_get_of_a_missing_oid_is_noSuchName_with_its_index_and_the_request_echoed()
    {
        var plan = new List<PlanEntry>();
        var request = Pdu.Get(1, Oid.Parse("1.3.6.1.2.1.1.1.0"), Oid.Parse("1.3.6.1.2.1.1.9.0"));
        Assert.Equal((ErrorStatus.NoSuchName, 2), PduProcessor.Plan(View, request, true, 65000, plan));
        Assert.Equal(request.VarBinds, Rows(plan));
    }

    [Fact]
    public void Get_next_returns_the_following_oids_and_end_of_mib_view()
    {
        var plan = new List<PlanEntry>();
        PduProcessor.Plan(View, Pdu.GetNext(1, Oid.Parse("1.3.6.1.2.1.1"), Oid.Parse("1.3.6.1.2.1.1.5.0"), Oid.Parse("1.3.6.1.2.1.2.2.1.3.2")), false, 65000, plan);
        Assert.Equal("1.3.6.1.2.1.1.1.0=OctetString:descr | 1.3.6.1.2.1.2.2.1.2.1=OctetString:eth0 | " +
                     "1.3.6.1.2.1.2.2.1.3.2=EndOfMibView:No more variables left in this MIB View (It is past the end of the MIB tree)", Show(plan));
        Assert.Equal((ErrorStatus.NoSuchName, 1), PduProcessor.Plan(View, Pdu.GetNext(1, Oid.Parse("1.3.6.1.2.1.2.2.1.3.2")), true, 65000, plan));
    }

    [Fact]
    public void Get_bulk_interleaves_repeaters_after_non_repeaters()
    {
        // RFC 3416 §4.2.3: one non-repeater (sysDescr's successor), then 3 repetitions of two columns.
        var plan = new List<PlanEntry>();
        var request = Pdu.GetBulk(1, 1, 3, Oid.Parse("1.3.6.1.2.1.1.1"), Oid.Parse("1.3.6.1.2.1.2.2.1.2"), Oid.Parse("1.3.6.1.2.1.2.2.1.3"));
        PduProcessor.Plan(View, request, false, 65000, plan);
        Assert.Equal(
            ["1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.2.2.1.2.1", "1.3.6.1.2.1.2.2.1.3.1", "1.3.6.1.2.1.2.2.1.2.2", "1.3.6.1.2.1.2.2.1.3.2", "1.3.6.1.2.1.2.2.1.3.1", "1.3.6.1.2.1.2.2.1.3.2"],
            Rows(plan).Select(r => r.Oid.ToString()));
    }

    [Fact]
    public void Get_bulk_stops_when_every_column_has_ended()
    {
        var plan = new List<PlanEntry>();
        PduProcessor.Plan(View, Pdu.GetBulk(1, 0, 50, Oid.Parse("1.3.6.1.2.1.2.2.1.3.1")), false, 65000, plan);
        Assert.Equal(["1.3.6.1.2.1.2.2.1.3.2=Integer", "1.3.6.1.2.1.2.2.1.3.2=EndOfMibView"], Rows(plan).Select(r => $"{r.Oid}={r.Value.Type}"));
    }

    [Fact]
    public void Get_bulk_keeps_whole_repetitions_within_the_size_budget()
    {
        var plan = new List<PlanEntry>();
        int oneRow = View.EncodedAt(0).Length;
        PduProcessor.Plan(View, Pdu.GetBulk(1, 0, 50, Oid.Parse("1.3.6.1")), false, oneRow * 3 + 5, plan);
        Assert.Equal(3, plan.Count);
        Assert.Equal((ErrorStatus.TooBig, 0), PduProcessor.Plan(View, Pdu.GetBulk(1, 0, 50, Oid.Parse("1.3.6.1")), false, 5, plan));
        Assert.Empty(plan);
    }

    [Fact]
    public void Writes_are_refused_by_a_read_only_printer()
    {
        var plan = new List<PlanEntry>();
        var set = new Pdu(PduType.SetRequest, 1, 0, 0, [new VarBind(Oid.Parse("1.3.6.1.2.1.1.5.0"), SnmpValue.OctetString("x"))]);
        Assert.Equal((ErrorStatus.NotWritable, 1), PduProcessor.Plan(View, set, false, 65000, plan));
    }
}
