using System.Net;
using System.Text.Json.Nodes;
using Kdfm.Agent.V1;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Tests.Fleet;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// A device that stopped answering SNMP, as the list and its page say it (what the collector's automatic ping found), and
/// the device page's Ping form at the HTTP level: who sees it and may use it, the ping waiting for the agent, its probes once
/// the agent answered, a refusal said on the page.
/// </summary>
public sealed class DevicePingPageTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private string _agent = string.Empty;
    private string _credential = string.Empty;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        (_agent, _credential) = await _hub.ActivateAsync("acme");
        await _hub.Grpc().PollAsync(new PollRequest { Version = "1", Status = new AgentStatus { Targets = { "127.20.0.0/29" } } }, TestHub.Auth(_agent, _credential));
        await _hub.RoleAsync("web access", "acme", Permission.ViewFleet | Permission.DeviceWebAccess);
        await _hub.UserAsync("tech@acme.example", "acme", "web access");
        await _hub.UserAsync("viewer@acme.example", "acme", "viewer");
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    /// <summary>A reading of <paramref name="key"/>, then (when <paramref name="ping"/> is given) the collector's down reading with what its ping found.</summary>
    private async Task DeviceAsync(string key, string address, string? ping, long sequence)
    {
        var readings = new UploadRequest();
        var read = JsonNode.Parse(Json(key, Now.AddMinutes(-30), total: 4242))!.AsObject();
        read["address"] = address;
        readings.Readings.Add(Reading(sequence, key, read.ToJsonString()));
        if (ping is not null)
        {
            // As DeviceState.DownReading writes it: identity, address, status down, the ping; nothing read now.
            var down = new JsonObject
            {
                ["address"] = address, ["key"] = key, ["collectedAt"] = Now.ToString("O"), ["sysName"] = "KM-OFFICE-2", ["vendor"] = "HP", ["model"] = "M9555dn",
                ["status"] = "down", ["errors"] = new JsonArray(), ["counters"] = new JsonArray(), ["supplies"] = new JsonArray(), ["ping"] = ping,
            };
            readings.Readings.Add(Reading(sequence + 1, key, down.ToJsonString()));
        }

        await _hub.Grpc().UploadAsync(readings, TestHub.Auth(_agent, _credential));
        await FleetData.SummariseAsync(_hub);
    }

    private static async Task<HttpResponseMessage> PostPingAsync(HttpClient client, string page, int count)
    {
        string token = PortalClient.AntiforgeryToken(await (await client.GetAsync(page)).Content.ReadAsStringAsync());
        return await client.PostAsync($"{page}?handler=Ping", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = token,
        }));
    }

    [Fact]
    public async Task A_device_that_stopped_answering_snmp_says_what_its_ping_found_and_keeps_what_was_last_read()
    {
        await DeviceAsync("hp:SILENT1", "127.20.0.3", FleetStatus.PingReplied, 1);
        await DeviceAsync("hp:DOWN1", "127.20.0.4", FleetStatus.PingNoReply, 3);
        await DeviceAsync("hp:UNKNOWN1", "127.20.0.5", FleetStatus.PingUnknown, 5);
        await DeviceAsync("hp:UP1", "127.20.0.6", null, 7);
        var actor = await FleetData.ActorAsync(_hub, "acme");

        var page = await FleetData.WithAsync<DeviceList, DevicePage>(_hub, l => l.PageAsync(actor, new DeviceQuery(Sort: "address"), CancellationToken.None));

        Assert.Equal(
        [
            ("hp:SILENT1", "down", "SNMP silent (answers ping)"), ("hp:DOWN1", "down", "down (no ping reply)"), ("hp:UNKNOWN1", "down", "not answering SNMP (ping unknown)"),
            ("hp:UP1", "up", "up"),
        ], page.Rows.Select(r => (r.Key, r.State, r.StateText)));
        // The down reading read nothing: the location, pages and supply listed are still the last ones read.
        Assert.All(page.Rows, r => Assert.Equal(("floor 2", 4242L, 33), (r.Location, r.TotalPages, r.LowestSupplyPercent)));
        var down = await FleetData.WithAsync<DeviceList, DevicePage>(_hub, l => l.PageAsync(actor, new DeviceQuery(Status: FleetStatus.Down), CancellationToken.None));
        Assert.Equal(3, down.Total);

        var (viewer, _) = await PortalClient.SignedInAsync(_hub, "viewer@acme.example");
        string list = await viewer.GetStringAsync("devices");
        Assert.Contains("<span class=\"state state-down\">SNMP silent (answers ping)</span>", list, StringComparison.Ordinal);
        string device = await viewer.GetStringAsync("devices/acme/hp:SILENT1");
        Assert.Contains("<h1>KM-OFFICE-2 <span class=\"state state-down\">SNMP silent (answers ping)</span></h1>", device, StringComparison.Ordinal);
        Assert.Contains("Printer status: <strong>SNMP silent (answers ping)</strong>", device, StringComparison.Ordinal);
        Assert.Contains("Not read: the device does not answer SNMP.", device, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_ping_form_sends_a_ping_of_the_device_and_the_page_shows_it_waiting_then_its_probes()
    {
        await DeviceAsync("hp:PING1", "127.20.0.3", null, 1);
        var (tech, _) = await PortalClient.SignedInAsync(_hub, "tech@acme.example");
        const string Page = "devices/acme/hp:PING1";
        string before = await tech.GetStringAsync(Page);
        Assert.Contains("Ping 127.20.0.3</button>", before, StringComparison.Ordinal);
        Assert.Contains("No ping of 127.20.0.3 yet.", before, StringComparison.Ordinal);

        var posted = await PostPingAsync(tech, Page, 3);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.EndsWith("#pings", posted.Headers.Location!.ToString(), StringComparison.Ordinal);
        var task = await _hub.WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync());
        Assert.Equal(("ping", _agent, "tech@acme.example"), (task.Kind, task.AgentId, task.RequestedBy));
        Assert.Equal(new PingRequest { Target = "127.20.0.3", Count = 3, Size = 56, TimeoutMs = 1000 }, Google.Protobuf.JsonParser.Default.Parse<PingRequest>(task.PayloadJson!));
        Assert.Contains("waiting for the agent", await tech.GetStringAsync(Page), StringComparison.Ordinal);

        var polled = await _hub.Grpc().PollAsync(new PollRequest { Version = "1", Status = new AgentStatus { Targets = { "127.20.0.0/29" } } }, TestHub.Auth(_agent, _credential));
        Assert.Equal("127.20.0.3", Assert.Single(polled.Tasks).Ping.Target);
        Assert.Contains("running on the agent", await tech.GetStringAsync(Page), StringComparison.Ordinal);
        await _hub.Grpc().ReportTaskResultAsync(new TaskResult
        {
            TaskId = task.Id, Ok = true, Message = "3 sent, 2 received, 33% loss, rtt min/avg/max 0.05/0.06/0.07 ms",
            Ping = new PingResult
            {
                Address = "127.20.0.3", Sent = 3, Received = 2,
                Probes = { new PingProbe { Sequence = 1, Status = "success", RttMs = 0.051 }, new PingProbe { Sequence = 2, Status = "timed-out" }, new PingProbe { Sequence = 3, Status = "success", RttMs = 0.07 } },
            },
        }, TestHub.Auth(_agent, _credential));

        string after = await tech.GetStringAsync(Page);
        Assert.Contains("<span class=\"badge ok\">2 of 3 replied</span> <span>33% loss</span>", after, StringComparison.Ordinal);
        Assert.Contains("<span class=\"\">#1 0.05 ms</span>", after, StringComparison.Ordinal);
        Assert.Contains("<span class=\"lost\">#2 timed-out</span>", after, StringComparison.Ordinal);
        Assert.Contains("<span class=\"\">#3 0.07 ms</span>", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_sees_no_ping_form_and_is_refused_and_a_device_outside_the_targets_says_why()
    {
        await DeviceAsync("hp:PING2", "127.20.0.3", null, 1);
        await DeviceAsync("hp:FAR1", "127.30.0.3", null, 3);
        var (viewer, _) = await PortalClient.SignedInAsync(_hub, "viewer@acme.example");
        var (tech, _) = await PortalClient.SignedInAsync(_hub, "tech@acme.example");

        Assert.DoesNotContain("handler=Ping", await viewer.GetStringAsync("devices/acme/hp:PING2"), StringComparison.Ordinal);
        var refused = await PostPingAsync(viewer, "devices/acme/hp:PING2", 4);
        var far = await PostPingAsync(tech, "devices/acme/hp:FAR1", 4);
        var missing = await PostPingAsync(tech, "devices/globex/hp:PING2", 4);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, far.StatusCode);
        Assert.Contains($"127.30.0.3 is outside the targets of agent {_agent} (the agent&#x27;s targets are 127.20.0.0/29); pinging elsewhere needs the manage agents permission",
            await far.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, await _hub.WithDbAsync(db => db.Tasks.CountAsync()));
        Assert.Equal(["needs DeviceWebAccess or ManageAgents", "outside the agent's targets: needs ManageAgents"],
            await _hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.Denied).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync()));
    }
}
