using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kdfm.Testing;
using Xunit.Abstractions;

namespace Kdfm.EndToEnd.Tests;

/// <summary>Hub + kdfm-sim + activated collector over real sockets, as a user runs them.</summary>
public sealed class SystemTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private static async Task<string> PostTaskAsync(HubProcess hub, string agent, string kind)
    {
        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        return (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    private static async Task<string> AgentIdAsync(HubProcess hub) =>
        (await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0].GetProperty("id").GetString()!;

    private static async Task<JsonElement> TaskAsync(HubProcess hub, string agent, string task) =>
        await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{task}");

    [Fact]
    public async Task Every_printer_and_reading_reaches_the_hub_and_a_poll_now_arrives_through_mqtt()
    {
        using var hub = await HubProcess.StartAsync();
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], count: 256, range: "127.31.0.0/22");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        // Devices every hour and the hub poll every hour: within this test, tasks can only come through MQTT.
        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 3600);

        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Devices == 256 && Store.Readings(collector.Store) == 256 && (await hub.StatsAsync()).Readings == 256,
            Patience, () => $"256 devices and readings at the hub; collector: {collector.Process.Output}");
        var devices = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices");
        Assert.Equal(256, devices.EnumerateArray().Select(d => d.GetProperty("key").GetString()).Distinct().Count());
        Assert.Equal(fleet.Addresses(normalOrSlow: true).Order().ToArray(), devices.EnumerateArray().Select(d => d.GetProperty("address").GetString()!).Order().ToArray());

        // What the hub serves is what the collector stored: the local list and the hub's list are the same snapshots (the hub
        // adds the device's tenant, the agent's).
        var (_, local, _) = await CommandLine.RunAsync("dotnet", [CollectorProcess.Program, "devices", "--data", collector.DataDirectory, "--format", "json"]);
        var localByKey = JsonNode.Parse(local)!.AsArray().ToDictionary(d => d!["key"]!.GetValue<string>(), d => d!.ToJsonString());
        foreach (var device in devices.EnumerateArray())
        {
            var served = JsonNode.Parse(device.GetRawText())!.AsObject();
            Assert.True(served.Remove("tenant", out var tenant) && tenant!.GetValue<string>() == "e2e");
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(localByKey[device.GetProperty("key").GetString()!]), served));
        }

        string agent = await AgentIdAsync(hub);
        await Eventually.HoldsAsync(async () => (await collector.StatusAsync()).GetProperty("gateway").GetProperty("mqttConnected").GetBoolean(), Patience, () => "MQTT session up");
        string task = await PostTaskAsync(hub, agent, "poll-now");
        await Eventually.HoldsAsync(async () => (await TaskAsync(hub, agent, task)).GetProperty("ok").ValueKind == JsonValueKind.True, Patience, () => "poll-now done");
        var done = await TaskAsync(hub, agent, task);
        var latency = done.GetProperty("startedAt").GetDateTimeOffset() - done.GetProperty("createdAt").GetDateTimeOffset();
        output.WriteLine($"poll-now: POST to task start {latency.TotalMilliseconds:F0} ms (hub clock), through MQTT; message: {done.GetProperty("message").GetString()}");
        Assert.Equal("polling 256 devices now", done.GetProperty("message").GetString());
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 512, Patience, () => "the poll-now's readings at the hub");
    }

    [Fact]
    public async Task With_mqtt_down_a_task_still_arrives_with_the_next_poll_and_the_status_says_why()
    {
        using var hub = await HubProcess.StartAsync();
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.32.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 5, mqttUrl: $"mqtts://127.0.0.1:{FreePort.Tcp()}");

        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 5, Patience, () => $"first readings; {collector.Process.Output}");
        string agent = await AgentIdAsync(hub);
        string task = await PostTaskAsync(hub, agent, "poll-now");
        await Eventually.HoldsAsync(async () => (await TaskAsync(hub, agent, task)).GetProperty("ok").ValueKind == JsonValueKind.True, Patience, () => "poll-now through the poll");
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 10, Patience, () => "the poll-now's readings");
        var status = await collector.StatusAsync();
        Assert.False(status.GetProperty("gateway").GetProperty("mqttConnected").GetBoolean());
        Assert.Contains("MQTT mqtts://127.0.0.1:", status.GetProperty("gateway").GetProperty("mqttError").GetString(), StringComparison.Ordinal);
        Assert.Contains("MQTT session to mqtts://127.0.0.1:", collector.Process.Output, StringComparison.Ordinal);

        // set-config: new targets and profiles apply without a restart, and the new targets are scanned at once.
        var setConfig = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new
        {
            kind = "set-config",
            config = new { version = 2, targets = new[] { "127.32.0.1-127.32.0.3" }, profiles = new[] { new { name = "site-v2c", version = "2c", community = "public" } } },
        });
        string configTask = (await setConfig.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Eventually.HoldsAsync(async () => (await TaskAsync(hub, agent, configTask)).GetProperty("ok").ValueKind == JsonValueKind.True, Patience, () => "set-config");
        string applied = (await TaskAsync(hub, agent, configTask)).GetProperty("message").GetString()!;
        Assert.Contains("1 targets", applied, StringComparison.Ordinal);
        Assert.Contains("profiles (site-v2c)", applied, StringComparison.Ordinal);
        Assert.Contains("found 3 printers", applied, StringComparison.Ordinal);

    }

    [Fact]
    public async Task A_revoked_collector_sees_the_refusal_goes_on_collecting_and_the_hub_accepts_no_more_of_its_readings()
    {
        using var hub = await HubProcess.StartAsync();
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.37.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        collector.Start(fleet, pollSeconds: 1, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings >= 5
            && (await collector.StatusAsync()).GetProperty("gateway").GetProperty("mqttConnected").GetBoolean(), Patience, () => $"collecting and connected; {collector.Process.Output}");
        string agent = await AgentIdAsync(hub);

        Assert.Equal(HttpStatusCode.OK, (await hub.Api.PostAsync($"api/v1/agents/{agent}/revoke", null)).StatusCode);

        // What the collector sees: the refusal of its polls and of its uploads, and its MQTT session closed.
        await Eventually.HoldsAsync(async () =>
        {
            var gateway = (await collector.StatusAsync()).GetProperty("gateway");
            return gateway.GetProperty("pollError").GetString()!.Contains("revoked", StringComparison.Ordinal)
                && gateway.GetProperty("uploadError").GetString()!.Contains("revoked", StringComparison.Ordinal)
                && !gateway.GetProperty("mqttConnected").GetBoolean();
        }, Patience, () => $"the revocation in the status; {collector.Process.Output}");
        long atHub = (await hub.StatsAsync()).Readings; // an upload refused since: none is in flight any more

        // It goes on collecting; none of what it collects from now on reaches the hub.
        long stored = Store.Readings(collector.Store);
        await Eventually.HoldsAsync(() => Task.FromResult(Store.Readings(collector.Store) >= stored + 10), Patience, () => "collecting after the revocation");
        Assert.Equal(atHub, (await hub.StatsAsync()).Readings);
        Assert.Contains("revoked", (await collector.StatusAsync()).GetProperty("gateway").GetProperty("uploadError").GetString(), StringComparison.Ordinal);
        Assert.Contains("the hub refused", collector.Process.Output, StringComparison.Ordinal);
        Assert.False(collector.Process.HasExited);
    }

    [Fact]
    public async Task Readings_the_hub_refuses_are_skipped_and_shown_in_the_status_and_uploads_go_on()
    {
        // A hub that stores at most 2 KB of JSON per reading: of the demo printers, the HP (2.6 KB), Ricoh and Brother
        // readings are refused for good, the Kyocera and Epson ones (under 2 KB) are stored.
        using var hub = await HubProcess.StartAsync(new Dictionary<string, string> { ["KDFM_Hub__MaxReadingKilobytes"] = "2" });
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.38.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        collector.Start(fleet, pollSeconds: 1, gatewayPollSeconds: 2);

        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings >= 20
            && (await collector.StatusAsync()).GetProperty("gateway").GetProperty("refusedReadings").GetInt64() >= 30, Patience, () => $"uploads past refused readings; {collector.Process.Output}");

        var gateway = (await collector.StatusAsync()).GetProperty("gateway");
        var refusals = gateway.GetProperty("lastRefusals").EnumerateArray().ToList();
        Assert.All(refusals, r => Assert.Equal("too-large", r.GetProperty("code").GetString()));
        // Over 2 KB: the snapshots with the most counters and supplies (Epson's meters among them since issue 14).
        Assert.Equal(["brother:E78123A9N999999", "epson:X9999ABC0001", "hp:CNDM9555X1", "ricoh:E176M9999"], refusals.Select(r => r.GetProperty("deviceKey").GetString()!).Distinct().Order());
        Assert.Empty(gateway.GetProperty("uploadError").GetString()!);
        var devices = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices");
        Assert.Equal(["kyocera:VKD7100042"], devices.EnumerateArray().Select(d => d.GetProperty("key").GetString()!).Order());
        var (_, text, _) = await CommandLine.RunAsync("dotnet", [CollectorProcess.Program, "status", "--data", collector.DataDirectory]);
        Assert.Contains("refused readings:", text, StringComparison.Ordinal);
        Assert.Contains("too-large", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_backlog_larger_than_the_hubs_upload_limit_goes_in_uploads_the_hub_takes()
    {
        // The hub takes uploads of 1 MB at most; 512 readings (about 1.2 MB of JSON) wait while it is down.
        using var hub = await HubProcess.StartAsync(new Dictionary<string, string> { ["KDFM_Hub__UploadMaxMegabytes"] = "1" });
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], count: 512, range: "127.39.0.0/22");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        hub.Kill();
        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(() => Task.FromResult(Store.Readings(collector.Store) >= 512), Patience, () => $"a backlog; {collector.Process.Output}");

        await hub.StartAgainAsync();

        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 512, Patience, () => $"every reading at the hub; {collector.Process.Output}");
        // The first poll told the collector the hub's limit: no upload was refused as too large.
        Assert.DoesNotContain("OutOfRange", collector.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hub_outage_loses_nothing_and_duplicates_nothing()
    {
        using var hub = await HubProcess.StartAsync();
        var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.33.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        collector.Start(fleet, pollSeconds: 1, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings >= 10, Patience, () => "readings at the hub");

        hub.Kill();
        long atOutage = Store.Readings(collector.Store);
        await Eventually.HoldsAsync(async () => Store.Readings(collector.Store) >= atOutage + 20
            && (await collector.StatusAsync()).GetProperty("gateway").GetProperty("uploadError").GetString()!.Length > 0, Patience, () => "collecting while the hub is down");
        Assert.False(collector.Process.HasExited);

        await hub.StartAgainAsync();
        // The killed hub's sshd outlived it, holding the SSH port: the new hub ended it and listens there itself.
        await Eventually.HoldsAsync(() => Task.FromResult(hub.Output.Contains("a previous hub on this data directory left running", StringComparison.Ordinal)
            && hub.Output.Contains($"sshd listens on 127.0.0.1:{hub.SshPort}", StringComparison.Ordinal)), Patience, () => $"the hub's own sshd; {hub.Output}");
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings > atOutage, Patience, () => "catching up");
        await fleet.DisposeAsync(); // the printers go quiet: few new readings from here on
        long persisted = 0;
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == (persisted = Store.Readings(collector.Store)), Patience, () => $"all {persisted} readings at the hub");
        var stats = await hub.StatsAsync();
        Assert.Equal(stats.Readings, stats.Distinct);
        output.WriteLine($"hub down with {atOutage} readings persisted; afterwards {persisted} persisted = {stats.Readings} at the hub, no duplicate (agent, sequence)");
    }

    [Fact]
    public async Task A_collector_killed_in_the_middle_of_an_upload_loses_nothing_and_duplicates_nothing()
    {
        using var hub = await HubProcess.StartAsync();
        var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], count: 256, range: "127.34.0.0/22");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        hub.Kill(); // readings pile up in the outbox while the hub is away

        collector.Start(fleet, pollSeconds: 2, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(() => Task.FromResult(Store.Readings(collector.Store) >= 2000), Patience, () => $"a backlog; {collector.Process.Output}");
        await hub.StartAgainAsync();
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings > 0, Patience, () => "uploads start");
        collector.Kill();
        long atKill = (await hub.StatsAsync()).Readings;
        long persistedAtKill = Store.Readings(collector.Store);

        collector.Start(fleet, pollSeconds: 2, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings > atKill, Patience, () => "uploads resume");
        await fleet.DisposeAsync();
        long persisted = 0;
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == (persisted = Store.Readings(collector.Store)), Patience, () => $"all {persisted} readings at the hub");
        var stats = await hub.StatsAsync();
        Assert.Equal(stats.Readings, stats.Distinct);
        output.WriteLine($"killed with {atKill} of {persistedAtKill} readings at the hub; afterwards {persisted} persisted = {stats.Readings} at the hub, no duplicate");
    }

    [Fact]
    public async Task The_running_collector_has_no_listening_socket()
    {
        using var hub = await HubProcess.StartAsync();
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.35.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        collector.Start(fleet, pollSeconds: 1, gatewayPollSeconds: 2);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings >= 5
            && (await collector.StatusAsync()).GetProperty("gateway").GetProperty("mqttConnected").GetBoolean(), Patience, () => "collecting and connected");

        var sockets = ProcessSockets.Of(collector.Process.ProcessId);
        output.WriteLine(string.Join("\n", sockets));
        Assert.Contains(sockets, s => s.Protocol == "tcp" && s.State == "ESTABLISHED" && s.Remote.EndsWith($":{hub.HttpsPort}", StringComparison.Ordinal));
        Assert.Contains(sockets, s => s.Protocol == "udp");
        Assert.DoesNotContain(sockets, s => s.Listening);
    }

    [Fact]
    public async Task With_mosquitto_as_the_external_broker_a_poll_now_still_arrives_at_once()
    {
        const string hubPassword = "hub-broker-password";
        using var broker = await MosquittoBroker.StartAsync(new Dictionary<string, string> { [MosquittoBroker.HubUser] = hubPassword });
        using var hub = await HubProcess.StartAsync(new Dictionary<string, string>
        {
            ["KDFM_Hub__ExternalBroker"] = $"127.0.0.1:{broker.Port}",
            ["KDFM_Hub__ExternalBrokerUser"] = MosquittoBroker.HubUser,
            ["KDFM_Hub__ExternalBrokerPassword"] = hubPassword,
            ["KDFM_Hub__ExternalBrokerPin"] = broker.Fingerprint,
        });
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.36.0.0/29");
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        // The operator gives the agent its broker account (here: its agent id and credential, as for the hub's own broker).
        var identity = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(collector.DataDirectory, "agent.json"))).RootElement;
        await broker.AddUserAsync(identity.GetProperty("agentId").GetString()!, identity.GetProperty("credential").GetString()!);

        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 3600, mqttUrl: $"mqtts://127.0.0.1:{broker.Port}", mqttPin: broker.Fingerprint);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 5
            && (await collector.StatusAsync()).GetProperty("gateway").GetProperty("mqttConnected").GetBoolean(), Patience, () => $"connected to mosquitto; {collector.Process.Output}\n{broker.Output}");
        string agent = await AgentIdAsync(hub);
        string task = await PostTaskAsync(hub, agent, "poll-now");
        await Eventually.HoldsAsync(async () => (await TaskAsync(hub, agent, task)).GetProperty("ok").ValueKind == JsonValueKind.True, Patience, () => $"poll-now through mosquitto; {hub.Output}");
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Readings == 10, Patience, () => "the poll-now's readings");
    }

    [Fact]
    public async Task After_five_refused_activations_the_installation_waits_for_an_operators_reset()
    {
        using var hub = await HubProcess.StartAsync();
        using var data = new TempDirectory("kdfm-e2e-activate-");
        Task<(int ExitCode, string Output, string Error)> Activate(string code, string? url = null) =>
            CommandLine.RunAsync("dotnet", [CollectorProcess.Program, "activate", "--hub", url ?? hub.Url, "--code", code, "--pin", hub.Fingerprint, "--data", data.Path]);

        // A hub that cannot be reached proves nothing about the code: not counted.
        var unreachable = await Activate("AAAA-BBBB-CCCC-DDDD", $"https://127.0.0.1:{FreePort.Tcp()}");
        Assert.Equal(1, unreachable.ExitCode);
        Assert.Contains("cannot reach the hub", unreachable.Error, StringComparison.Ordinal);

        for (int attempt = 1; attempt <= 5; attempt++)
        {
            var refused = await Activate($"ZZZ{attempt}-BBBB-CCCC-DDDD");
            Assert.Equal(1, refused.ExitCode);
            Assert.Contains($"failed attempt {attempt} of 5", refused.Error, StringComparison.Ordinal);
        }

        string good = await hub.CodeAsync();
        var locked = await Activate(good);
        Assert.Equal(2, locked.ExitCode);
        Assert.Contains("activate --reset", locked.Error, StringComparison.Ordinal);

        Assert.Equal(0, (await CommandLine.RunAsync("dotnet", [CollectorProcess.Program, "activate", "--reset", "--data", data.Path])).ExitCode);
        var activated = await Activate(good);
        Assert.True(activated.ExitCode == 0, activated.Error);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(data.Path, "agent.json")));
        }
    }
}
