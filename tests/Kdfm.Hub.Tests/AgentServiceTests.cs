using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Kdfm.Agent.V1;

namespace Kdfm.Hub.Tests;

public sealed class AgentServiceTests
{
    private static string Snapshot(string key, string address, string collectedAt, long total) =>
        JsonSerializer.Serialize(new { address, key, collectedAt, vendor = "HP", model = "M9555dn", serial = key[3..], status = "idle",
            counters = new[] { new { name = "total", value = total, unit = "impressions", oid = "1.3.6.1.2.1.43.10.2.1.4.1.1" } } });

    private static Reading Reading(long sequence, string key, long total) =>
        new() { Sequence = sequence, DeviceKey = key, SnapshotJson = Snapshot(key, "127.20.0.3", $"2026-11-28T10:00:{sequence:00}Z", total) };

    [Fact]
    public async Task A_code_gives_one_agent_identity_and_is_then_used_up()
    {
        await using var hub = await TestHub.StartAsync();
        string code = await hub.CodeAsync("acme");
        var client = hub.Grpc();

        var first = await client.ActivateAsync(new ActivateRequest { Code = code.ToLowerInvariant(), HostName = "site-1", Version = "1" });
        Assert.StartsWith("agt_", first.AgentId, StringComparison.Ordinal);
        Assert.Equal("acme", first.Tenant);
        Assert.True(first.Credential.Length >= 40);

        var again = await Assert.ThrowsAsync<RpcException>(() => client.ActivateAsync(new ActivateRequest { Code = code }).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, again.StatusCode);
        Assert.Contains("used already", again.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_secrets_on_a_code_kill_it()
    {
        await using var hub = await TestHub.StartAsync();
        string code = await hub.CodeAsync();
        string wrong = code[..^1] + (code[^1] == '2' ? '3' : '2');
        var client = hub.Grpc();
        for (int attempt = 1; attempt <= 5; attempt++)
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => client.ActivateAsync(new ActivateRequest { Code = wrong }).ResponseAsync);
            Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);
        }

        var dead = await Assert.ThrowsAsync<RpcException>(() => client.ActivateAsync(new ActivateRequest { Code = code }).ResponseAsync);
        Assert.Contains("dead after 5 failed attempts", dead.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_agent_call_needs_the_agents_id_and_credential()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();

        foreach (var headers in new[] { new Metadata(), TestHub.Auth(agent, credential + "x"), TestHub.Auth("agt_nobody", credential) })
        {
            var refused = await Assert.ThrowsAsync<RpcException>(() => client.PollAsync(new PollRequest(), headers).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        }

        var polled = await client.PollAsync(new PollRequest { Version = "9", Status = new AgentStatus { DevicesKnown = 7 } }, TestHub.Auth(agent, credential));
        Assert.Equal(0, polled.AcknowledgedSequence);
        var agents = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
        Assert.Equal(7, agents[0].GetProperty("devicesKnown").GetInt32());
        Assert.Equal("9", agents[0].GetProperty("version").GetString());
        Assert.DoesNotContain(credential, await hub.Api.GetStringAsync("api/v1/agents"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_sent_twice_is_stored_once_and_the_latest_reading_is_the_devices_state()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);

        var batch = new UploadRequest { Readings = { Reading(1, "hp:A1", 100), Reading(2, "hp:B2", 200), Reading(3, "hp:A1", 110) } };
        var first = await client.UploadAsync(batch, auth);
        Assert.Equal((3L, 3), (first.AcknowledgedSequence, first.Stored));

        batch.Readings.Add(Reading(4, "hp:B2", 250));
        var resent = await client.UploadAsync(batch, auth);
        Assert.Equal((4L, 1), (resent.AcknowledgedSequence, resent.Stored));

        var stats = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        Assert.Equal(4, stats.GetProperty("readings").GetInt64());
        Assert.Equal(4, stats.GetProperty("distinctAgentSequences").GetInt64());
        Assert.Equal(2, stats.GetProperty("devices").GetInt32());
        var a1 = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:A1");
        Assert.Equal(110, a1.GetProperty("counters")[0].GetProperty("value").GetInt64());
        var readings = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:B2/readings");
        Assert.Equal([200L, 250L], readings.EnumerateArray().Select(r => r.GetProperty("counters")[0].GetProperty("value").GetInt64()).ToArray());
        Assert.Equal(4, (await client.PollAsync(new PollRequest(), auth)).AcknowledgedSequence);
    }

    [Fact]
    public async Task A_task_is_handed_out_by_the_next_poll_once_and_its_result_is_visible()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);

        var profiles = new[] { new { name = "site-v3", version = "3", user = "monitor", auth = "SHA-256", authPassphrase = "auth-secret-1", priv = "AES", privPassphrase = "priv-secret-1" } };
        var badConfig = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "set-config", config = new { targetz = new[] { "x" } } });
        Assert.Equal(HttpStatusCode.BadRequest, badConfig.StatusCode);
        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "set-config", config = new { version = 3, targets = new[] { "127.20.0.0/29" }, pollIntervalSeconds = 60, profiles } });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        string taskId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        var polled = await client.PollAsync(new PollRequest(), auth);
        var task = Assert.Single(polled.Tasks);
        Assert.Equal(("set-config", taskId), (task.Kind, task.Id));
        Assert.Equal(["127.20.0.0/29"], task.Config.Targets.ToArray());
        Assert.Equal(60, task.Config.PollIntervalSeconds);
        Assert.Equal(("site-v3", "auth-secret-1", "priv-secret-1"), (task.Config.Profiles[0].Name, task.Config.Profiles[0].AuthPassphrase, task.Config.Profiles[0].PrivPassphrase));
        Assert.Empty((await client.PollAsync(new PollRequest(), auth)).Tasks);
        using (var scope = hub.Started.App.Services.CreateScope())
        {
            string stored = scope.ServiceProvider.GetRequiredService<Kdfm.Hub.Storage.HubDb>().Tasks.Single(t => t.Id == taskId).ConfigJson!;
            Assert.Contains("site-v3", stored, StringComparison.Ordinal);
            Assert.DoesNotContain("secret", stored, StringComparison.Ordinal); // handed out: the hub keeps no SNMP secret
        }

        await client.ReportTaskResultAsync(new TaskResult { TaskId = taskId, Ok = true, Message = "applied" }, auth);
        var view = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{taskId}");
        Assert.True(view.GetProperty("ok").GetBoolean());
        Assert.Equal("applied", view.GetProperty("message").GetString());
        Assert.NotEqual(JsonValueKind.Null, view.GetProperty("startedAt").ValueKind);
    }

    [Fact]
    public async Task The_api_needs_the_admin_token_checks_its_input_and_speaks_csv()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        await hub.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", 100) } }, TestHub.Auth(agent, credential));

        using var anonymous = new HttpClient(TestHub.PinnedHandler(hub.Started.Fingerprint)) { BaseAddress = hub.Url };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("api/v1/devices")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "reboot" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Api.PostAsJsonAsync("api/v1/agents/agt_nobody/tasks", new { kind = "poll-now" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await hub.Api.GetAsync("api/v1/devices/hp:none")).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/devices");
        request.Headers.Accept.ParseAdd("text/csv");
        var csv = await (await hub.Api.SendAsync(request)).Content.ReadAsStringAsync();
        Assert.Equal(["key,address,collectedAt,vendor,model,serial,status,totalPages,lowestSupplyPercent,tenant,sysName,sysLocation,error",
                "hp:A1,127.20.0.3,2026-11-28T10:00:01Z,HP,M9555dn,A1,idle,100,,default,,,"],
            csv.TrimEnd().Split("\r\n"));
    }

    [Fact]
    public async Task A_result_is_taken_only_for_a_task_handed_out_and_not_completed()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);
        var profiles = new[] { new { name = "site-v2", version = "2c", community = "community-secret-1" } };
        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "set-config", config = new { version = 1, profiles } });
        string taskId = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;

        // Not handed out yet: completing it would keep its secrets for good (only waiting tasks lose them).
        var early = await Assert.ThrowsAsync<RpcException>(() => client.ReportTaskResultAsync(new TaskResult { TaskId = taskId, Ok = true, Message = "done" }, auth).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, early.StatusCode);
        var waiting = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{taskId}");
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("completedAt").ValueKind);

        Assert.Equal("community-secret-1", Assert.Single((await client.PollAsync(new PollRequest(), auth)).Tasks).Config.Profiles[0].Community);
        await client.ReportTaskResultAsync(new TaskResult { TaskId = taskId, Ok = true, Message = "applied" }, auth);
        // The same result again (an answer lost): acknowledged; another one: refused.
        await client.ReportTaskResultAsync(new TaskResult { TaskId = taskId, Ok = true, Message = "applied" }, auth);
        var other = await Assert.ThrowsAsync<RpcException>(() => client.ReportTaskResultAsync(new TaskResult { TaskId = taskId, Ok = false, Message = "failed" }, auth).ResponseAsync);
        Assert.Equal(StatusCode.FailedPrecondition, other.StatusCode);

        var view = await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{taskId}");
        Assert.Equal((true, "applied"), (view.GetProperty("ok").GetBoolean(), view.GetProperty("message").GetString()));
        string stored = await hub.WithDbAsync(db => db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.ConfigJson!).SingleAsync());
        Assert.Contains("site-v2", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_agent_is_given_no_task()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, _) = await hub.ActivateAsync();
        (await hub.Api.PostAsync($"api/v1/agents/{agent}/revoke", null)).EnsureSuccessStatusCode();

        var refused = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks",
            new { kind = "set-config", config = new { version = 1, profiles = new[] { new { name = "p", version = "2c", community = "community-secret-1" } } } });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Tasks.CountAsync(t => t.AgentId == agent)));
    }

    [Fact]
    public async Task A_strangers_post_to_the_api_is_refused_before_its_body_is_read()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, _) = await hub.ActivateAsync();
        using var anonymous = new HttpClient(TestHub.PinnedHandler(hub.Started.Fingerprint)) { BaseAddress = hub.Url };

        foreach (string path in new[] { $"api/v1/agents/{agent}/tasks", $"API/V1/AGENTS/{agent}/TASKS/", "api/v1/codes", "api/v1/nothing-here" })
        {
            // Not JSON, and 60 KB of it: model binding would answer 400 after reading it all.
            using var body = new StringContent("{" + new string('x', 60 * 1024), System.Text.Encoding.UTF8, "application/json");
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, (await anonymous.PostAsync(path, body)).StatusCode));
        }

        // With the token, the same body is read and found wanting.
        using var bad = new StringContent("{" + new string('x', 60 * 1024), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.BadRequest, (await hub.Api.PostAsync($"api/v1/agents/{agent}/tasks", bad)).StatusCode);
    }

    [Fact]
    public async Task A_request_body_outside_grpc_is_at_most_64_kb_and_a_set_config_fits()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, _) = await hub.ActivateAsync();
        // 200 targets and 20 profiles with long passphrases: a large real configuration, some 30 KB.
        var config = new
        {
            version = 1, targets = Enumerable.Range(0, 200).Select(i => $"10.{i / 256}.{i % 256}.0/24").ToArray(),
            profiles = Enumerable.Range(0, 20).Select(i => new { name = $"site-{i}-v3", version = "3", user = $"monitor-{i}", auth = "SHA-256",
                authPassphrase = new string('a', 64), priv = "AES-256", privPassphrase = new string('p', 64) }).ToArray(),
        };
        Assert.Equal(HttpStatusCode.Created, (await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "set-config", config })).StatusCode);

        using var huge = new StringContent(JsonSerializer.Serialize(new { kind = "poll-now", pad = new string('x', 70 * 1024) }), System.Text.Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await hub.Api.PostAsync($"api/v1/agents/{agent}/tasks", huge)).StatusCode);
    }
}
