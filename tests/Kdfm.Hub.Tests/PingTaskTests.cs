using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Hub.Access;
using Kdfm.Hub.Agents;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests;

/// <summary>
/// <c>POST /api/v1/agents/{id}/tasks {"kind":"ping",…}</c>: the request's limits (400), who may ping (device web access or
/// manage agents, else 403 and audited), another tenant's agent (404), the agent's targets (a ping elsewhere needs manage
/// agents: 403 and audited), the request handed out in Poll and the result stored and shown by GET.
/// </summary>
public sealed class PingTaskTests : IAsyncLifetime
{
    private static readonly string[] Targets = ["127.20.0.0/29", "127.20.1.10-127.20.1.20", "127.20.2.5", "printer-7.corp.example"];

    private TestHub _hub = null!;
    private string _agent = string.Empty;
    private string _credential = string.Empty;
    private string _globexAgent = string.Empty;
    private HttpClient _technician = null!;
    private HttpClient _manager = null!;
    private HttpClient _viewer = null!;
    private HttpClient _globex = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        (_agent, _credential) = await _hub.ActivateAsync("acme");
        (_globexAgent, _) = await _hub.ActivateAsync("globex");
        await _hub.Grpc().PollAsync(new PollRequest { Version = "1", Status = new AgentStatus { Targets = { Targets } } }, TestHub.Auth(_agent, _credential));
        await _hub.RoleAsync("web access", "acme", Permission.ViewFleet | Permission.DeviceWebAccess);
        await _hub.RoleAsync("agents", "acme", Permission.ViewFleet | Permission.ManageAgents);
        _technician = await _hub.ApiAsAsync(await _hub.UserAsync("tech@acme.example", "acme", "web access"));
        _manager = await _hub.ApiAsAsync(await _hub.UserAsync("agents@acme.example", "acme", "agents"));
        _viewer = await _hub.ApiAsAsync(await _hub.UserAsync("viewer@acme.example", "acme", "viewer"));
        _globex = await _hub.ApiAsAsync(await _hub.UserAsync("admin@globex.example", "globex", "customer admin"));
    }

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { _technician, _manager, _viewer, _globex })
        {
            client?.Dispose();
        }

        await _hub.DisposeAsync();
    }

    private Task<HttpResponseMessage> PingAsync(HttpClient client, object body, string? agent = null) =>
        client.PostAsJsonAsync($"api/v1/agents/{agent ?? _agent}/tasks", body);

    private static async Task<string> TitleAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString()!;

    [Fact]
    public async Task The_agent_reports_its_targets_and_the_hub_keeps_them()
    {
        string? stored = await _hub.WithDbAsync(db => db.Agents.Where(a => a.Id == _agent).Select(a => a.TargetsJson).SingleAsync());

        Assert.Equal(Targets, JsonSerializer.Deserialize<string[]>(stored!));
    }

    [Fact]
    public async Task Requests_outside_the_limits_are_refused_with_a_title_naming_the_field()
    {
        (object Body, string Title)[] refused =
        [
            (new { kind = "ping" }, "target is needed: the address or host name to ping"),
            (new { kind = "ping", target = "printer 7" }, "target must be an IP address or a host name"),
            (new { kind = "ping", target = "127.20.0.5", count = 21 }, "count must be between 1 and 20; got 21"),
            (new { kind = "ping", target = "127.20.0.5", size = 1473 }, "size must be between 0 and 1472 bytes; got 1473"),
            (new { kind = "ping", target = "127.20.0.5", timeoutMs = 50 }, "timeoutMs must be between 100 and 10000; got 50"),
        ];
        foreach (var (body, title) in refused)
        {
            var response = await PingAsync(_technician, body);
            Assert.Equal((HttpStatusCode.BadRequest, title), (response.StatusCode, await TitleAsync(response)));
        }

        Assert.Equal(0, await _hub.WithDbAsync(db => db.Tasks.CountAsync()));
    }

    [Fact]
    public async Task Without_device_web_access_or_manage_agents_a_ping_is_403_and_audited()
    {
        var refused = await PingAsync(_viewer, new { kind = "ping", target = "127.20.0.5" });
        // Device web access lets a user ping, not send other tasks.
        var pollNow = await PingAsync(_technician, new { kind = "poll-now" });

        Assert.Equal((HttpStatusCode.Forbidden, "a ping needs the device web access or the manage agents permission"), (refused.StatusCode, await TitleAsync(refused)));
        Assert.Equal((HttpStatusCode.Forbidden, "tasks need the manage agents permission"), (pollNow.StatusCode, await TitleAsync(pollNow)));
        var denied = await _hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.Denied).OrderBy(a => a.Id)
            .Select(a => new { a.Actor, a.Target, a.Detail, a.Outcome }).ToListAsync());
        Assert.Equal(
        [
            new { Actor = "viewer@acme.example", Target = $"POST /api/v1/agents/{_agent}/tasks", Detail = "needs DeviceWebAccess or ManageAgents", Outcome = "denied" },
            new { Actor = "tech@acme.example", Target = $"POST /api/v1/agents/{_agent}/tasks", Detail = "needs ManageAgents", Outcome = "denied" },
        ], denied);
        Assert.Equal(0, await _hub.WithDbAsync(db => db.Tasks.CountAsync()));
    }

    [Fact]
    public async Task Another_tenants_agent_is_not_found()
    {
        var response = await PingAsync(_globex, new { kind = "ping", target = "127.20.0.5" });

        Assert.Equal((HttpStatusCode.NotFound, $"no agent {_agent}"), (response.StatusCode, await TitleAsync(response)));
        var own = await PingAsync(_technician, new { kind = "ping", target = "127.20.0.5" }, _globexAgent);
        Assert.Equal((HttpStatusCode.NotFound, $"no agent {_globexAgent}"), (own.StatusCode, await TitleAsync(own)));
    }

    [Fact]
    public async Task The_target_must_be_inside_the_agents_targets_unless_the_user_manages_agents()
    {
        foreach (string inside in new[] { "127.20.0.1", "127.20.0.6", "127.20.1.15", "127.20.2.5", "printer-7.corp.example", "PRINTER-7.corp.example." })
        {
            Assert.Equal(HttpStatusCode.Created, (await PingAsync(_technician, new { kind = "ping", target = inside })).StatusCode);
        }

        // The /29's network address is not one it scans, nor is a name the hub cannot know resolves inside.
        foreach (string outside in new[] { "127.20.0.0", "127.20.1.21", "127.30.0.1", "printer-8.corp.example" })
        {
            var refused = await PingAsync(_technician, new { kind = "ping", target = outside });
            Assert.Equal((HttpStatusCode.Forbidden,
                    $"{outside} is outside the targets of agent {_agent} (the agent's targets are 127.20.0.0/29, 127.20.1.10-127.20.1.20, 127.20.2.5, printer-7.corp.example); pinging elsewhere needs the manage agents permission"),
                (refused.StatusCode, await TitleAsync(refused)));
        }

        var anywhere = await PingAsync(_manager, new { kind = "ping", target = "127.30.0.1" });
        Assert.Equal(HttpStatusCode.Created, anywhere.StatusCode);
        var (quiet, _) = await _hub.ActivateAsync("acme"); // has not polled: no targets known
        var unknown = await PingAsync(_technician, new { kind = "ping", target = "127.20.0.1" }, quiet);
        Assert.Equal((HttpStatusCode.Forbidden,
                $"127.20.0.1 is outside the targets of agent {quiet} (the agent has not reported its targets yet); pinging elsewhere needs the manage agents permission"),
            (unknown.StatusCode, await TitleAsync(unknown)));

        Assert.Equal(7, await _hub.WithDbAsync(db => db.Tasks.CountAsync(t => t.Kind == "ping")));
        var denied = await _hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.Denied).OrderBy(a => a.Id).Select(a => a.Target).ToListAsync());
        Assert.Equal([.. new[] { "127.20.0.0", "127.20.1.21", "127.30.0.1", "printer-8.corp.example" }.Select(t => $"ping {t} through {_agent}"), $"ping 127.20.0.1 through {quiet}"],
            denied);
    }

    [Fact]
    public async Task The_agent_gets_the_request_and_its_result_is_stored_and_shown_with_each_probe()
    {
        var posted = await PingAsync(_technician, new { kind = "ping", target = "127.20.0.5", count = 3 });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var created = await posted.Content.ReadFromJsonAsync<JsonElement>();
        string id = created.GetProperty("id").GetString()!;
        Assert.Equal(("ping", "tech@acme.example"), (created.GetProperty("kind").GetString(), created.GetProperty("requestedBy").GetString()));
        var waiting = created.GetProperty("ping");
        Assert.Equal(("127.20.0.5", 3, 56, 1000), (waiting.GetProperty("target").GetString(), waiting.GetProperty("count").GetInt32(), waiting.GetProperty("size").GetInt32(),
            waiting.GetProperty("timeoutMs").GetInt32()));
        Assert.Equal(JsonValueKind.Null, waiting.GetProperty("probes").ValueKind);

        var polled = await _hub.Grpc().PollAsync(new PollRequest { Version = "1" }, TestHub.Auth(_agent, _credential));
        var handed = Assert.Single(polled.Tasks);
        Assert.Equal((id, TaskKind.Ping, "ping"), (handed.Id, handed.TaskKind, handed.Kind));
        Assert.Equal(new PingRequest { Target = "127.20.0.5", Count = 3, Size = 56, TimeoutMs = 1000 }, handed.Ping);

        await _hub.Grpc().ReportTaskResultAsync(new TaskResult
        {
            TaskId = id, Ok = true, Message = "3 sent, 2 received, 33% loss, rtt min/avg/max 0.05/0.06/0.07 ms",
            Ping = new PingResult
            {
                Address = "127.20.0.5", Sent = 3, Received = 2,
                Probes = { new PingProbe { Sequence = 1, Status = "success", RttMs = 0.05 }, new PingProbe { Sequence = 2, Status = "timed-out" }, new PingProbe { Sequence = 3, Status = "success", RttMs = 0.07 } },
            },
        }, TestHub.Auth(_agent, _credential));

        var shown = await _technician.GetFromJsonAsync<JsonElement>($"api/v1/agents/{_agent}/tasks/{id}");
        Assert.Equal((true, "3 sent, 2 received, 33% loss, rtt min/avg/max 0.05/0.06/0.07 ms"), (shown.GetProperty("ok").GetBoolean(), shown.GetProperty("message").GetString()));
        var ping = shown.GetProperty("ping");
        Assert.Equal(("127.20.0.5", 3, 2, 33), (ping.GetProperty("address").GetString(), ping.GetProperty("sent").GetInt32(), ping.GetProperty("received").GetInt32(),
            ping.GetProperty("lossPercent").GetInt32()));
        Assert.Equal([(1, "success", (double?)0.05), (2, "timed-out", null), (3, "success", 0.07)], ping.GetProperty("probes").EnumerateArray()
            .Select(p => (p.GetProperty("sequence").GetInt32(), p.GetProperty("status").GetString(), p.GetProperty("rttMs").ValueKind == JsonValueKind.Null ? (double?)null : p.GetProperty("rttMs").GetDouble())));
        string? stored = await _hub.WithDbAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.ResultJson).SingleAsync());
        Assert.Equal(3, Google.Protobuf.JsonParser.Default.Parse<PingResult>(stored!).Probes.Count);
    }

    [Fact]
    public void A_target_is_inside_when_a_range_address_or_host_name_of_the_agent_covers_it()
    {
        Assert.True(PingTargets.Covers(Targets, "127.20.0.6"));
        Assert.False(PingTargets.Covers(Targets, "127.20.0.7")); // the /29's broadcast address
        Assert.True(PingTargets.Covers(Targets, "127.20.1.10"));
        Assert.True(PingTargets.Covers(Targets, "127.20.1.20"));
        Assert.False(PingTargets.Covers(Targets, "127.20.1.9"));
        Assert.True(PingTargets.Covers(Targets, "printer-7.CORP.example"));
        Assert.False(PingTargets.Covers(Targets, "::1"));
        Assert.False(PingTargets.Covers([], "127.20.0.1"));
        Assert.Equal(Targets, PingTargets.Parse(JsonSerializer.Serialize(Targets)));
        Assert.Empty(PingTargets.Parse("{not json"));
        Assert.Empty(PingTargets.Parse(null));
    }
}
