using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>What the client refuses in an SNMPv3 reply (RFC 3411 §5 engine IDs, RFC 3414 §3.2 steps 5 and 7b), and its bounded key cache.</summary>
public class UsmReplyChecksTests
{
    private static readonly UsmUser Private = new("kdfm", AuthProtocol.Sha256, new Secret("authpass-1"), PrivProtocol.Aes128, new Secret("privpass-1"));
    private static readonly UsmUser AuthOnly = new("kdfm-auth", AuthProtocol.Sha256, new Secret("authpass-1"));

    /// <summary>No test here waits for a timeout: the long one only bounds a failure (and keeps a loaded machine from retrying).</summary>
    private static SnmpTarget Target(ScriptedEngine engine, UsmUser user) =>
        SnmpTarget.V3(engine.EndPoint, user) with { Timeout = TimeSpan.FromSeconds(10), Retries = 0 };

    private static async Task<Kdfm.Snmp.Messages.Pdu> InTime(SnmpClient client, SnmpTarget target)
    {
        var result = await client.GetAsync(target, [ScriptedEngine.SysName]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.IsSuccess, result.ToString());
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        return result.Value;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(33)]
    public async Task Discovery_of_an_engine_id_outside_5_to_32_octets_is_an_error_value(int octets)
    {
        using var engine = new ScriptedEngine(Private) { EngineId = [.. Enumerable.Range(0, octets).Select(i => (byte)(0x80 + i))] };
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(engine, Private), [ScriptedEngine.SysName]).WaitAsync(TimeSpan.FromSeconds(30));
        var error = Assert.IsType<InvalidEngineIdError>(result.Error);
        Assert.Equal(octets, error.Octets);
        Assert.Equal($"Invalid engine ID: {engine.EndPoint} announced one of {octets} octets (RFC 3411 allows 5 to 32)", error.Describe());
        Assert.Single(engine.Received); // the discovery probe only: no request went out with keys localised to it
    }

    [Fact]
    public async Task A_response_naming_an_engine_id_outside_5_to_32_octets_is_dropped()
    {
        using var engine = new ScriptedEngine(Private) { Lie = n => n == 1 ? new(EngineId: [1, 2, 3]) : null };
        await using var client = new SnmpClient();
        await InTime(client, Target(engine, Private));
        Assert.Equal(2, engine.Received.Count); // discovery and the request: the lie was answered with the truth at once
        Assert.Equal(1, client.Statistics.MalformedDatagrams);
    }

    [Fact]
    public async Task An_authentic_response_from_more_than_150_seconds_ago_is_dropped()
    {
        using var engine = new ScriptedEngine(Private) { Boots = 1, Time = 5000, Lie = n => n == 1 ? new(Time: 5000 - 151 - 60) : null };
        await using var client = new SnmpClient();
        await InTime(client, Target(engine, Private));
        Assert.Equal(1, client.Statistics.NotInTimeWindow);
    }

    [Fact]
    public async Task An_authentic_response_from_an_earlier_boot_is_dropped()
    {
        using var engine = new ScriptedEngine(Private) { Boots = 7, Time = 5000, Lie = n => n == 1 ? new(Boots: 6) : null };
        await using var client = new SnmpClient();
        await InTime(client, Target(engine, Private));
        Assert.Equal(1, client.Statistics.NotInTimeWindow);
    }

    [Fact]
    public async Task An_authentic_response_with_a_later_time_moves_the_notion_of_the_engines_clock()
    {
        using var engine = new ScriptedEngine(Private) { Boots = 1, Time = 5000 };
        await using var client = new SnmpClient();
        await InTime(client, Target(engine, Private)); // discovery and a request: the notion is 5000
        engine.Time = 5140;                            // still in the window of a request saying 5000; the answer says 5140
        await InTime(client, Target(engine, Private));
        engine.Time = 5280;                            // a request still saying 5000 would now be refused
        await InTime(client, Target(engine, Private));
        var messages = engine.Received.ToArray();
        Assert.Equal(4, messages.Length);              // no "not in time window" report, no re-synchronisation
        Assert.InRange(messages[3].Security.EngineTime, 5140, 5150); // RFC 3414 §3.2 step 7b(1)
        Assert.Equal(0, client.Statistics.NotInTimeWindow);
    }

    [Fact]
    public async Task A_reply_claiming_privacy_to_a_user_without_privacy_is_dropped_not_thrown()
    {
        using var engine = new ScriptedEngine(AuthOnly) { Lie = n => n == 1 ? new(ClaimPrivacy: true) : null };
        await using var client = new SnmpClient();
        await InTime(client, Target(engine, AuthOnly));
        Assert.Equal((1L, 0L), (client.Statistics.AuthenticationFailures, client.Statistics.ReceiveFaults));
    }

    [Fact]
    public async Task Many_engine_ids_do_not_grow_the_key_cache_past_its_bound()
    {
        using var engine = new ScriptedEngine(Private);
        await using var client = new SnmpClient(new SnmpClientOptions { KeyCacheCapacity = 3 });
        var sizes = new List<int>();
        for (byte i = 0; i < 10; i++)
        {
            engine.EngineId = [0x80, 0, 0, 0, 5, 0xEE, i]; // the agent is replaced: rediscovery, new localised keys
            await InTime(client, Target(engine, Private));
            sizes.Add(client.KeyCacheCount);
        }

        Assert.Equal([1, 2, 3, 3, 3, 3, 3, 3, 3, 3], sizes);
    }

    [Fact]
    public void The_key_cache_drops_the_least_recently_used_entry()
    {
        var cache = new LocalizedKeyCache(capacity: 2);
        int made = 0;
        LocalizedKeys Make() => new([(byte)++made], []);
        var a = cache.GetOrAdd(Private, "A", Make);
        cache.GetOrAdd(Private, "B", Make);
        Assert.Same(a, cache.GetOrAdd(Private, "A", Make)); // A is now the most recently used
        cache.GetOrAdd(Private, "C", Make);                   // B goes
        Assert.Same(a, cache.GetOrAdd(Private, "A", Make));
        Assert.Equal(3, made);
        cache.GetOrAdd(Private, "B", Make);
        Assert.Equal((4, 2), (made, cache.Count));
        for (int i = 0; i < 10_000; i++)
        {
            cache.GetOrAdd(AuthOnly, $"E{i}", Make);
        }

        Assert.Equal(2, cache.Count);
    }
}
