using System.Collections.Immutable;
using System.Net;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Snmp.Tests.Transport;

public class SnmpClientTests
{
    private static readonly Oid SysDescr = Oid.Parse("1.3.6.1.2.1.1.1.0");
    private static readonly Oid IfDescr = Oid.Parse("1.3.6.1.2.1.2.2.1.2");

    private static SnmpTarget Target(FakeAgent agent, int retries = 1, int timeoutMs = 2000, SnmpVersion version = SnmpVersion.V2c) =>
        new SnmpTarget(agent.EndPoint, version, new Kdfm.Snmp.Security.Secret("public")) { Retries = retries, Timeout = TimeSpan.FromMilliseconds(timeoutMs) };

    /// <summary>A table of <paramref name="rows"/> ifDescr entries served by GETNEXT/GETBULK, as an agent would.</summary>
    private static IEnumerable<FakeAgent.Reply> Table(CommunityMessage request, int rows, Func<int, int>? limitRepetitions = null)
    {
        var all = Enumerable.Range(1, rows).Select(i => new VarBind(IfDescr.Append((uint)i), SnmpValue.OctetString($"if{i}"))).ToList();
        var start = request.Pdu.VarBinds[0].Oid;
        var next = all.Where(r => r.Oid > start).ToList();
        int take = request.Pdu.Type == PduType.GetBulkRequest ? request.Pdu.MaxRepetitions : 1;
        if (limitRepetitions is not null)
        {
            take = limitRepetitions(take);
            if (take < 0)
            {
                return [FakeAgent.Error(request, ErrorStatus.TooBig)];
            }
        }

        var answer = next.Take(take).ToList();
        if (answer.Count < take)
        {
            answer.Add(new VarBind(Oid.Parse("1.3.6.1.2.1.2.2.1.3.1"), SnmpValue.Integer(6)));
        }

        return [FakeAgent.Respond(request, [.. answer])];
    }

    [Fact]
    public async Task Get_returns_the_agents_values()
    {
        await using var agent = new FakeAgent((r, _) => [FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("Demo")))]);
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(agent), [SysDescr]);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("Demo", result.Value.VarBinds.Single().Value.ToString());
        Assert.Equal(1, client.Statistics.ResponsesAccepted);
    }

    [Fact]
    public async Task Silence_gives_a_timeout_after_every_retry_with_the_same_request_id()
    {
        await using var agent = new FakeAgent((_, _) => []);
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(agent, retries: 2, timeoutMs: 100), [SysDescr]).WaitAsync(TimeSpan.FromSeconds(10));
        var timeout = Assert.IsType<TimeoutError>(result.Error);
        Assert.Equal(2, timeout.Retries);
        Assert.Equal($"Timeout: no response from {agent.EndPoint} after 2 retries", timeout.Describe());
        await Eventually.True(() => agent.Requests == 3, "the agent received the request and its 2 retries");
        Assert.Single(agent.Received.Select(m => m.Pdu.RequestId).Distinct());
        Assert.Equal(2, client.Statistics.Retransmissions);
        Assert.Equal(1, client.Statistics.Timeouts);
    }

    [Fact]
    public async Task A_late_reply_to_the_first_attempt_still_completes_the_request()
    {
        // The first attempt is answered 250 ms late, after the client (150 ms timeout) has sent its retry; the retry is ignored.
        await using var agent = new FakeAgent((r, n) => n == 1
            ? [FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("late"))) with { Delay = TimeSpan.FromMilliseconds(250) }]
            : []);
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(agent, retries: 10, timeoutMs: 150), [SysDescr]);
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("late", result.Value.VarBinds.Single().Value.ToString());
        Assert.True(client.Statistics.Retransmissions >= 1);
    }

    [Fact]
    public async Task Strays_garbage_and_replies_from_other_addresses_are_counted_and_dropped()
    {
        await using var agent = new FakeAgent((r, _) =>
        [
            new FakeAgent.Reply([0x30, 0x84, 0xFF]),                                                    // malformed
            FakeAgent.Respond(r with { Pdu = r.Pdu with { RequestId = r.Pdu.RequestId ^ 0x1234 } }),    // unknown request-id
            FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("spoofed"))) with { FromAnotherSocket = true },
            FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("genuine"))) with { Delay = TimeSpan.FromMilliseconds(100) },
        ]);
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(agent, timeoutMs: 3000), [SysDescr]);
        Assert.Equal("genuine", result.Value.VarBinds.Single().Value.ToString());
        var stats = client.Statistics;
        Assert.Equal(1, stats.MalformedDatagrams);
        Assert.Equal(2, stats.StrayDatagrams);
        Assert.Equal(1, stats.ResponsesAccepted);
    }

    [Fact]
    public async Task An_error_status_becomes_a_typed_error_naming_the_oid()
    {
        await using var agent = new FakeAgent((r, _) => [FakeAgent.Error(r, ErrorStatus.NoSuchName, 1)]);
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(agent, version: SnmpVersion.V1), [SysDescr]);
        var error = Assert.IsType<ErrorStatusError>(result.Error);
        Assert.Equal(ErrorStatus.NoSuchName, error.Status);
        Assert.Equal("Error in packet: noSuchName (index 1, 1.3.6.1.2.1.1.1.0)", error.Describe());
    }

    [Fact]
    public async Task Walk_with_bulk_reads_the_whole_table_and_stops_at_its_end()
    {
        await using var agent = new FakeAgent((r, _) => Table(r, 60));
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent) with { MaxRepetitions = 25 }, IfDescr);
        Assert.True(walk.IsSuccess, walk.ToString());
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"if{i}"), walk.Value.Rows.Select(r => r.Value.ToString()));
        Assert.Equal(WalkEnd.EndOfSubtree, walk.Value.End);
        Assert.Equal(3, walk.Value.Requests);
        Assert.All(agent.Received, m => Assert.Equal(PduType.GetBulkRequest, m.Pdu.Type));
    }

    [Fact]
    public async Task Walk_shrinks_max_repetitions_after_tooBig_and_remembers_it()
    {
        // The agent cannot fit more than 8 rows: larger requests get tooBig.
        await using var agent = new FakeAgent((r, _) => Table(r, 30, take => take > 8 ? -1 : take));
        await using var client = new SnmpClient();
        var target = Target(agent) with { MaxRepetitions = 40 };
        var walk = await client.WalkAsync(target, IfDescr);
        Assert.Equal(30, walk.Value.Rows.Length);
        var repetitions = agent.Received.Select(m => m.Pdu.MaxRepetitions).ToList();
        Assert.Equal([40, 20, 10, 5], repetitions.Take(4));

        var before = agent.Requests;
        var again = await client.WalkAsync(target, IfDescr);
        Assert.Equal(30, again.Value.Rows.Length);
        Assert.All(agent.Received.Skip(before), m => Assert.Equal(5, m.Pdu.MaxRepetitions));
    }

    [Fact]
    public async Task Walk_falls_back_to_getnext_for_an_agent_without_bulk()
    {
        await using var agent = new FakeAgent((r, _) => r.Pdu.Type == PduType.GetBulkRequest ? [FakeAgent.Error(r, ErrorStatus.GenErr)] : Table(r, 5));
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent), IfDescr);
        Assert.Equal(5, walk.Value.Rows.Length);
        Assert.Equal(PduType.GetBulkRequest, agent.Received.First().Pdu.Type);
        Assert.All(agent.Received.Skip(1), m => Assert.Equal(PduType.GetNextRequest, m.Pdu.Type));
    }

    [Fact]
    public async Task Walk_v1_uses_getnext_and_ends_at_noSuchName()
    {
        await using var agent = new FakeAgent((r, _) =>
        {
            var start = r.Pdu.VarBinds[0].Oid;
            return start < IfDescr.Append(3)
                ? [FakeAgent.Respond(r, new VarBind(start < IfDescr.Append(1) ? IfDescr.Append(1) : IfDescr.Append(start[^1] + 1), SnmpValue.Integer(1)))]
                : [FakeAgent.Error(r, ErrorStatus.NoSuchName, 1)];
        });
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent, version: SnmpVersion.V1), IfDescr);
        Assert.Equal(3, walk.Value.Rows.Length);
        Assert.Equal(WalkEnd.EndOfMibView, walk.Value.End);
        Assert.All(agent.Received, m => Assert.Equal(PduType.GetNextRequest, m.Pdu.Type));
    }

    [Fact]
    public async Task Walk_stops_with_a_clear_error_when_the_agent_loops()
    {
        // A broken agent answers every GETNEXT with the same row.
        await using var agent = new FakeAgent((r, _) => [FakeAgent.Respond(r, new VarBind(IfDescr.Append(1), SnmpValue.OctetString("again")))]);
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent), IfDescr, new WalkOptions { UseBulk = false }).WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<OidNotIncreasingError>(walk.Error);
        Assert.Equal(IfDescr.Append(1), error.Received);
        Assert.Equal(1, error.RowsSoFar);
        Assert.Contains("OID not increasing", error.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Walk_stops_at_the_row_cap()
    {
        await using var agent = new FakeAgent((r, _) => Table(r, 100));
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent), IfDescr, new WalkOptions { MaxRows = 42 });
        Assert.Equal(42, walk.Value.Rows.Length);
        Assert.Equal(WalkEnd.RowCap, walk.Value.End);
    }

    [Fact]
    public async Task Walking_a_leaf_gives_the_leaf_as_snmpwalk_does()
    {
        await using var agent = new FakeAgent((r, _) => r.Pdu.Type == PduType.GetRequest
            ? [FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("leaf")))]
            : [FakeAgent.Respond(r, new VarBind(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.Integer(1)))]);
        await using var client = new SnmpClient();
        var walk = await client.WalkAsync(Target(agent), SysDescr);
        Assert.Equal("leaf", walk.Value.Rows.Single().Value.ToString());
    }

    [Fact]
    public async Task Thousands_of_requests_in_flight_all_complete_and_match()
    {
        // 3,000 requests at once through one socket. The agent's receive buffer overflows on such a burst, and the
        // suite runs several projects on two cores: losses are expected and retries recover them, so each attempt
        // waits long enough (5 s) and may be repeated often enough (5 retries) for a loaded machine. What is proved is
        // unchanged: every request completes, with the answer to its own request-id.
        await using var agent = new FakeAgent((r, _) => [FakeAgent.Respond(r, new VarBind(r.Pdu.VarBinds[0].Oid, SnmpValue.Integer(r.Pdu.VarBinds[0].Oid[^1])))]);
        await using var client = new SnmpClient();
        var target = Target(agent, retries: 5, timeoutMs: 5000);
        var tasks = Enumerable.Range(0, 3000).Select(i => client.GetAsync(target, [IfDescr.Append((uint)i)])).ToList();
        var results = await Task.WhenAll(tasks);
        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].IsSuccess, results[i].ToString());
            Assert.Equal(i, results[i].Value.VarBinds[0].Value.AsInt64());
        }

        Assert.Equal(3000, client.Statistics.ResponsesAccepted);
    }

    [Fact]
    public async Task An_exception_past_the_decoder_is_counted_and_the_next_request_still_completes()
    {
        await using var agent = new FakeAgent((r, _) => [FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("after the fault")))]);
        await using var client = new SnmpClient();
        int datagrams = 0;
        client.BeforeAccept = () =>
        {
            if (Interlocked.Increment(ref datagrams) == 1)
            {
                throw new InvalidOperationException("a bug past the decoder");
            }
        };

        // The first answer meets the fault and is dropped; the retry's answer arrives on the same receive loop.
        var first = await client.GetAsync(Target(agent, retries: 3, timeoutMs: 500), [SysDescr]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("after the fault", first.Value.VarBinds.Single().Value.ToString());
        var next = await client.GetAsync(Target(agent), [SysDescr]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("after the fault", next.Value.VarBinds.Single().Value.ToString());
        Assert.Equal(1, client.Statistics.ReceiveFaults);
        Assert.Equal(2, client.Statistics.ResponsesAccepted);
    }

    [Fact]
    public async Task Cancellation_ends_a_request_without_waiting_for_its_timeout()
    {
        await using var agent = new FakeAgent((_, _) => []);
        await using var client = new SnmpClient();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        var task = client.GetAsync(Target(agent, retries: 5, timeoutMs: 5000), [SysDescr], cancel.Token);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task The_receive_path_survives_fuzzed_datagrams_and_keeps_serving()
    {
        await using var agent = new FakeAgent((r, _) => [FakeAgent.Respond(r, new VarBind(SysDescr, SnmpValue.OctetString("still here")))]);
        await using var client = new SnmpClient();
        var from = agent.EndPoint.Serialize();
        var random = new Random(7);
        var seeds = Messages.FuzzTests.Seeds();
        for (int i = 0; i < 5000; i++)
        {
            client.Accept(Messages.FuzzTests.Mutate(seeds[random.Next(seeds.Length)], random), from);
        }

        Assert.True(client.Statistics.MalformedDatagrams + client.Statistics.StrayDatagrams == 5000);
        var result = await client.GetAsync(Target(agent), [SysDescr]);
        Assert.Equal("still here", result.Value.VarBinds.Single().Value.ToString());
    }

}
