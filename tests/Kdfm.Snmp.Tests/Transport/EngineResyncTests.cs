using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>
/// The client's notion of an engine's clock (RFC 3414 §2.3) can be ahead of the engine: an agent that restarts without
/// counting the boot, or one authentic reply with a wrong clock. The time-window check must not then refuse the very
/// Report that says what the clock is (§3.2 step 7b, §4), nor keep a notion that no answer can ever match.
/// </summary>
public class EngineResyncTests
{
    private static readonly UsmUser Private = new("kdfm", AuthProtocol.Sha256, new Secret("authpass-1"), PrivProtocol.Aes128, new Secret("privpass-1"));

    /// <summary>No test here waits for a timeout unless it says so: the long one only bounds a failure.</summary>
    private static SnmpTarget Target(ScriptedEngine engine) =>
        SnmpTarget.V3(engine.EndPoint, Private) with { Timeout = TimeSpan.FromSeconds(10), Retries = 0 };

    private static async Task<string> SysName(SnmpClient client, SnmpTarget target)
    {
        var result = await client.GetAsync(target, [ScriptedEngine.SysName]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(result.IsSuccess, result.ToString());
        return result.Value.VarBinds.Single().Value.ToString();
    }

    [Fact]
    public async Task An_agent_restarted_with_the_same_boots_and_a_small_time_answers_the_next_request()
    {
        using var engine = new ScriptedEngine(Private) { Boots = 1, Time = 5000 };
        await using var client = new SnmpClient();
        Assert.Equal("in time", await SysName(client, Target(engine))); // discovery and a request: the notion is boots 1, time 5000
        engine.Time = 10;                                                  // restarted without counting the boot (snmpEngineBoots still 1)
        Assert.Equal("in time", await SysName(client, Target(engine)));
        Assert.Equal("in time", await SysName(client, Target(engine)));

        var times = engine.Received.Select(m => m.Security.EngineTime).ToArray();
        Assert.Equal(5, times.Length);                // discovery, request; the stale request, its retry after the Report; one more
        Assert.InRange(times[2], 5000, 5010);         // answered by an authentic notInTimeWindow Report saying time 10 …
        Assert.InRange(times[3], 10, 20);             // … which the client took as the engine's clock
        Assert.InRange(times[4], 10, 20);
        Assert.Equal(0, client.Statistics.Timeouts);
    }

    [Theory]
    [InlineData(1, 100 + 1_000_000)] // a far-future time
    [InlineData(1000, 100)]          // a far-future boot
    public async Task One_authentic_reply_with_a_far_future_clock_does_not_lock_the_client_out(int boots, int time)
    {
        using var engine = new ScriptedEngine(Private) { Boots = 1, Time = 100, Lie = n => n == 1 ? new(Boots: boots, Time: time) : null };
        await using var client = new SnmpClient();
        Assert.Equal("lie", await SysName(client, Target(engine))); // authentic, and later than the notion: taken (§3.2 step 7b(1))
        Assert.Equal("in time", await SysName(client, Target(engine)));
        Assert.Equal("in time", await SysName(client, Target(engine)));

        var requests = engine.Received.ToArray();
        Assert.Equal(5, requests.Length);
        Assert.Equal(boots, requests[2].Security.EngineBoots);    // the lie's clock, refused by the engine with a Report …
        Assert.InRange(requests[2].Security.EngineTime, time, time + 10);
        Assert.Equal(1, requests[3].Security.EngineBoots);        // … that put the client back on the engine's own clock
        Assert.InRange(requests[3].Security.EngineTime, 100, 110);
        Assert.Equal(0, client.Statistics.Timeouts);
    }

    [Fact]
    public async Task A_reply_claiming_the_last_boot_is_dropped_without_taking_the_notion_there()
    {
        // RFC 3414 §2.2.1: at boots 2147483647 no message is ever in the window again. Such a reply is outside the window
        // (§3.2 step 7b(2)) and deemed unauthentic; taking its boots as the notion (step 7b(1)) would refuse every later one.
        using var engine = new ScriptedEngine(Private) { Boots = 1, Time = 100, Lie = n => n == 1 ? new(Boots: int.MaxValue) : null };
        await using var client = new SnmpClient();
        Assert.Equal("in time", await SysName(client, Target(engine)));
        Assert.Equal("in time", await SysName(client, Target(engine)));
        Assert.Equal(3, engine.Received.Count);
        Assert.All(engine.Received.Skip(1), m => Assert.Equal(1, m.Security.EngineBoots));
        Assert.Equal(1, client.Statistics.NotInTimeWindow);
    }

    [Fact]
    public async Task An_agent_that_ignores_requests_outside_its_window_is_rediscovered_after_one_timeout()
    {
        using var engine = new ScriptedEngine(Private) { Boots = 1, Time = 5000, SilentOutsideWindow = true };
        await using var client = new SnmpClient();
        Assert.Equal("in time", await SysName(client, Target(engine)));
        engine.Time = 10;

        // This test waits for one timeout, on purpose: the agent says nothing about the stale request.
        var stale = await client.GetAsync(Target(engine) with { Timeout = TimeSpan.FromMilliseconds(300) }, [ScriptedEngine.SysName]).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<TimeoutError>(stale.Error);
        Assert.Equal("in time", await SysName(client, Target(engine)));

        var requests = engine.Received.ToArray();
        Assert.Equal(5, requests.Length);                          // discovery, request, the stale request, discovery again, the request
        Assert.Empty(requests[3].Security.EngineId);               // RFC 3414 §4: the engine is discovered again …
        Assert.InRange(requests[4].Security.EngineTime, 10, 20);   // … with its clock
    }
}
