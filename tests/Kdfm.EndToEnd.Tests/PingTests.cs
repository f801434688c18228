using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kdfm.Testing;
using Xunit.Abstractions;

namespace Kdfm.EndToEnd.Tests;

/// <summary>
/// Ping across the whole system: a ping task posted to kdfm-hub's API reaches a kdfm-collector process (through MQTT) that
/// pings a kdfm-sim address on loopback, and its probes come back to the hub; printers that stop answering SNMP are pinged
/// by the collector on its own, and the hub shows them SNMP-silent.
/// </summary>
public sealed partial class PingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [GeneratedRegex(@"^3 sent, 3 received, 0% loss, rtt min/avg/max \d+\.\d\d/\d+\.\d\d/\d+\.\d\d ms$")]
    private static partial Regex ThreeOfThree();

    [Fact]
    public async Task A_ping_task_from_the_hub_api_is_run_by_the_collector_and_its_probes_reach_the_hub()
    {
        using var hub = await HubProcess.StartAsync();
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.40.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        // Hub polls every hour: the task can only arrive through MQTT's "task waiting".
        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 3600);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 5
            && (await collector.StatusAsync()).GetProperty("gateway").GetProperty("mqttConnected").GetBoolean(), Patience, () => $"collecting and connected; {collector.Process.Output}");
        string agent = (await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0].GetProperty("id").GetString()!;
        string target = fleet[0].Address.ToString();

        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "ping", target, count = 3 });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        string task = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        JsonElement done = default;
        await Eventually.HoldsAsync(async () =>
        {
            done = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{task}");
            return done.GetProperty("ok").ValueKind != JsonValueKind.Null;
        }, Patience, () => $"the ping done; {collector.Process.Output}");

        output.WriteLine(done.GetRawText());
        Assert.True(done.GetProperty("ok").GetBoolean(), done.GetProperty("message").GetString());
        Assert.Matches(ThreeOfThree(), done.GetProperty("message").GetString());
        var ping = done.GetProperty("ping");
        Assert.Equal((target, 3, 3, 0), (ping.GetProperty("address").GetString(), ping.GetProperty("sent").GetInt32(), ping.GetProperty("received").GetInt32(),
            ping.GetProperty("lossPercent").GetInt32()));
        Assert.Equal([1, 2, 3], ping.GetProperty("probes").EnumerateArray().Select(p => p.GetProperty("sequence").GetInt32()));
        Assert.All(ping.GetProperty("probes").EnumerateArray(), p =>
        {
            Assert.Equal("success", p.GetProperty("status").GetString());
            Assert.InRange(p.GetProperty("rttMs").GetDouble(), 0, 1000);
        });
    }

    [Fact]
    public async Task Printers_that_stop_answering_snmp_are_pinged_and_the_hub_shows_them_snmp_silent()
    {
        using var hub = await HubProcess.StartAsync();
        var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.41.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        collector.Start(fleet, pollSeconds: 2, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Devices == 5, Patience, () => $"five printers at the hub; {collector.Process.Output}");

        // Every printer's SNMP agent goes away; their loopback addresses still answer echo requests.
        await fleet.DisposeAsync();

        JsonElement devices = default;
        await Eventually.HoldsAsync(async () =>
        {
            devices = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices");
            return devices.EnumerateArray().All(d => d.GetProperty("status").GetString() == "down");
        }, Patience, () => $"all five down at the hub: {devices}; {collector.Process.Output}");

        Assert.All(devices.EnumerateArray(), d =>
        {
            Assert.Equal("replied", d.GetProperty("ping").GetString());
            Assert.Empty(d.GetProperty("counters").EnumerateArray());
            Assert.StartsWith("127.41.0.", d.GetProperty("address").GetString(), StringComparison.Ordinal);
        });
        Assert.Contains("does not answer SNMP; ping: replied", collector.Process.Output, StringComparison.Ordinal);
    }
}
