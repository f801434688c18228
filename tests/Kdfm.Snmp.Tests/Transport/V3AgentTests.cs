using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>The client's USM state machine (RFC 3414 §4 discovery, §3.2 step 7 time window) against a scripted v3 agent.</summary>
public class V3AgentTests
{
    private static readonly UsmUser User = new("kdfm", AuthProtocol.Sha256, new Secret("authpass-1"), PrivProtocol.Aes128, new Secret("privpass-1"));
    private static readonly Oid SysName = ScriptedEngine.SysName;

    private static SnmpTarget Target(ScriptedEngine engine) => SnmpTarget.V3(engine.EndPoint, User) with { Timeout = TimeSpan.FromSeconds(2), Retries = 0 };

    [Fact]
    public async Task Discovery_then_an_authenticated_request_with_the_engines_clock()
    {
        using var engine = new ScriptedEngine(User) { Boots = 3, Time = 4242 };
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(engine), [SysName]);
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        var messages = engine.Received.ToArray();
        Assert.Equal(2, messages.Length);
        Assert.Empty(messages[0].Security.EngineId);                       // the discovery probe (RFC 3414 §4)
        Assert.Equal(V3Flags.Reportable, messages[0].Flags);
        Assert.Equal(3, messages[1].Security.EngineBoots);
        Assert.InRange(messages[1].Security.EngineTime, 4242, 4245);
    }

    [Fact]
    public async Task A_clock_that_moved_is_resynchronised_once()
    {
        using var engine = new ScriptedEngine(User);
        await using var client = new SnmpClient();
        Assert.True((await client.GetAsync(Target(engine), [SysName])).IsSuccess);

        engine.Boots = 2; // the agent rebooted: its boots and time changed
        engine.Time = 7;
        var result = await client.GetAsync(Target(engine), [SysName]);
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        var last = engine.Received.ToArray()[^2..];
        Assert.Equal(1, last[0].Security.EngineBoots);   // refused: not in the time window
        Assert.Equal(2, last[1].Security.EngineBoots);   // re-sent with the clock of the authenticated report
    }

    [Fact]
    public async Task An_agent_that_never_accepts_the_clock_gets_one_resync_not_a_loop()
    {
        using var engine = new ScriptedEngine(User) { NeverInWindow = true };
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(engine), [SysName]).WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<AuthenticationError>(result.Error);
        Assert.Equal(UsmReportKind.NotInTimeWindow, error.Kind);
        Assert.Equal(3, engine.Received.Count); // discovery, the request, one re-sent request
    }

    [Fact]
    public async Task A_new_engine_id_is_rediscovered_once()
    {
        using var engine = new ScriptedEngine(User);
        await using var client = new SnmpClient();
        Assert.True((await client.GetAsync(Target(engine), [SysName])).IsSuccess);

        engine.EngineId = [0x80, 0, 0, 0, 5, 9, 9, 9]; // replaced agent, same address
        var result = await client.GetAsync(Target(engine), [SysName]);
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        var last = engine.Received.ToArray()[^3..];
        Assert.Equal([0x80, 0, 0, 0, 5, 1, 2, 3], last[0].Security.EngineId); // refused: unknown engine ID
        Assert.Empty(last[1].Security.EngineId);                                // discovery again
        Assert.Equal([0x80, 0, 0, 0, 5, 9, 9, 9], last[2].Security.EngineId);
    }
}
