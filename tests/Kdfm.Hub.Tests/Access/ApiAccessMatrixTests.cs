using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Hub.Api;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests.Access;

/// <summary>
/// The API's tenant isolation matrix: a user of customer A, one of customer B and one of their dealer against every
/// route of /api/v1. A never sees B (B's things are "not found", lists leave them out), B never sees A, the dealer sees
/// both. And a route added without a row here fails <see cref="Every_api_route_is_in_the_matrix"/>.
/// </summary>
public sealed class ApiAccessMatrixTests : IAsyncLifetime
{
    /// <summary>Every route of the API this matrix covers, as routing spells its pattern.</summary>
    private static readonly string[] Covered =
    [
        "GET api/v1/tenants", "POST api/v1/tenants", "GET api/v1/devices", "GET api/v1/tenants/{tenant}/devices", "GET api/v1/devices/{key}",
        "GET api/v1/tenants/{tenant}/devices/{key}", "GET api/v1/devices/{key}/readings", "GET api/v1/tenants/{tenant}/devices/{key}/readings",
        "GET api/v1/readings/stats", "GET api/v1/agents", "POST api/v1/agents/{id}/tasks", "POST api/v1/agents/{id}/revoke", "GET api/v1/agents/{id}/tasks/{taskId}",
        "POST api/v1/codes", "POST api/v1/devices/{key}/web-sessions", "GET api/v1/web-sessions/{id}", "DELETE api/v1/web-sessions/{id}",
    ];

    private TestHub _hub = null!;
    private string _acmeAgent = string.Empty;
    private string _globexAgent = string.Empty;
    private string _globexTask = string.Empty;
    private HttpClient _acme = null!;
    private HttpClient _globex = null!;
    private HttpClient _dealer = null!;

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        (_acmeAgent, string acmeCredential) = await _hub.ActivateAsync("acme");
        (_globexAgent, string globexCredential) = await _hub.ActivateAsync("globex");
        var grpc = _hub.Grpc();
        await grpc.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:ACME", Now, 100) } }, TestHub.Auth(_acmeAgent, acmeCredential));
        await grpc.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:GLOBEX", Now, 900), Reading(2, "hp:SHARED", Now, 950) } }, TestHub.Auth(_globexAgent, globexCredential));
        await grpc.UploadAsync(new UploadRequest { Readings = { Reading(2, "hp:SHARED", Now, 150) } }, TestHub.Auth(_acmeAgent, acmeCredential));

        _dealer = await _hub.ApiAsAsync(await _hub.UserAsync("dealer@msp.example", "test-dealer", "dealer admin", kind: "dealer"));
        _acme = await _hub.ApiAsAsync(await _hub.UserAsync("admin@acme.example", "acme", "customer admin"));
        _globex = await _hub.ApiAsAsync(await _hub.UserAsync("admin@globex.example", "globex", "customer admin"));
        var task = await _dealer.PostAsJsonAsync($"api/v1/agents/{_globexAgent}/tasks", new { kind = "poll-now" });
        Assert.Equal(HttpStatusCode.Created, task.StatusCode);
        _globexTask = (await task.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        // A Device Web Access session of globex's (made in the store: this hub runs no sshd).
        var globexUser = await _hub.UserAsync("tech@globex.example", "globex", "technician");
        await _hub.WithDbAsync(async db =>
        {
            int globex = await db.Tenants.Where(t => t.Name == "globex").Select(t => t.Id).SingleAsync();
            db.WebSessions.Add(new Kdfm.Hub.Storage.WebSession
            {
                Id = GlobexSession, TenantId = globex, AgentId = _globexAgent, DeviceKey = "hp:GLOBEX", UserId = globexUser.Id, UserName = globexUser.Email!,
                Port = 80, OpenedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(30),
            });
            return await db.SaveChangesAsync();
        });
    }

    private const string GlobexSession = "dwa_globexsession01";

    public async Task DisposeAsync()
    {
        foreach (var client in new[] { _acme, _globex, _dealer })
        {
            client?.Dispose();
        }

        await _hub.DisposeAsync();
    }

    [Fact]
    public void Every_api_route_is_in_the_matrix()
    {
        var routes = _hub.Started.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["ANY"]).Select(m => $"{m} {e.RoutePattern.RawText!.TrimStart('/')}"))
            .Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(Covered.Order(StringComparer.Ordinal).ToArray(), routes);
    }

    [Fact]
    public async Task Lists_hold_only_the_callers_subtree()
    {
        Assert.Equal(["acme"], await NamesAsync(_acme, "api/v1/tenants", "name"));
        Assert.Equal(["globex"], await NamesAsync(_globex, "api/v1/tenants", "name"));
        Assert.Equal(["acme", "globex", "test-dealer"], await NamesAsync(_dealer, "api/v1/tenants", "name"));

        Assert.Equal(["hp:ACME", "hp:SHARED"], await NamesAsync(_acme, "api/v1/devices", "key"));
        Assert.Equal(["hp:GLOBEX", "hp:SHARED"], await NamesAsync(_globex, "api/v1/devices", "key"));
        Assert.Equal(["hp:ACME", "hp:SHARED", "hp:GLOBEX", "hp:SHARED"], await NamesAsync(_dealer, "api/v1/devices", "key"));

        Assert.Equal([_acmeAgent], await NamesAsync(_acme, "api/v1/agents", "id"));
        Assert.Equal([_globexAgent], await NamesAsync(_globex, "api/v1/agents", "id"));
        Assert.Equal([_acmeAgent, _globexAgent], await NamesAsync(_dealer, "api/v1/agents", "id"));

        Assert.Equal((2L, 2), await StatsAsync(_acme));
        Assert.Equal((2L, 2), await StatsAsync(_globex));
        Assert.Equal((4L, 4), await StatsAsync(_dealer));

        // The CSV of a list is the same subtree.
        string csv = await CsvAsync(_acme, "api/v1/devices");
        Assert.Contains("hp:ACME", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("globex", csv, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(_globexAgent, await CsvAsync(_acme, "api/v1/agents"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_customers_things_are_not_found_and_the_dealer_reaches_both()
    {
        string[] globexReads =
        [
            "api/v1/tenants/globex/devices", "api/v1/devices/hp:GLOBEX", "api/v1/tenants/globex/devices/hp:GLOBEX", "api/v1/devices/hp:GLOBEX/readings",
            "api/v1/tenants/globex/devices/hp:GLOBEX/readings", "api/v1/devices/hp:SHARED?tenant=globex", $"api/v1/agents/{_globexAgent}/tasks/{_globexTask}",
            $"api/v1/web-sessions/{GlobexSession}",
        ];
        foreach (string path in globexReads)
        {
            var refused = await _acme.GetAsync(path);
            Assert.True(refused.StatusCode == HttpStatusCode.NotFound, $"acme GET {path}: {(int)refused.StatusCode}");
            string body = await refused.Content.ReadAsStringAsync();
            Assert.DoesNotContain("900", body, StringComparison.Ordinal); // nothing of globex's device in the answer
            Assert.Equal(HttpStatusCode.OK, (await _dealer.GetAsync(path)).StatusCode);
        }

        // A key both customers have is theirs alone for each of them, and ambiguous only for the dealer.
        Assert.Equal(150, Total(await _acme.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:SHARED")));
        Assert.Equal(950, Total(await _globex.GetFromJsonAsync<JsonElement>("api/v1/devices/hp:SHARED")));
        Assert.Equal(HttpStatusCode.Conflict, (await _dealer.GetAsync("api/v1/devices/hp:SHARED")).StatusCode);

        // Actions on B's agent or for B's tenant, by A: not found, and nothing done.
        Assert.Equal(HttpStatusCode.NotFound, (await _acme.PostAsJsonAsync($"api/v1/agents/{_globexAgent}/tasks", new { kind = "rescan" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _acme.PostAsync($"api/v1/agents/{_globexAgent}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _acme.PostAsJsonAsync("api/v1/codes", new { tenant = "globex" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _acme.PostAsJsonAsync("api/v1/devices/hp:GLOBEX/web-sessions", new { port = 80 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _acme.DeleteAsync($"api/v1/web-sessions/{GlobexSession}")).StatusCode);
        Assert.Null(await _hub.WithDbAsync(db => db.WebSessions.Where(w => w.Id == GlobexSession).Select(w => w.ClosedAt).SingleAsync()));
        var site = await _acme.PostAsJsonAsync("api/v1/tenants", new { name = "globex-annex", kind = "site", parent = "globex" });
        Assert.Equal(HttpStatusCode.BadRequest, site.StatusCode);
        Assert.Contains("no tenant globex", await site.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var (tasks, revoked, tenants) = await _hub.WithDbAsync(async db => (await db.Tasks.CountAsync(t => t.AgentId == _globexAgent), await db.Agents.Where(a => a.Id == _globexAgent)
            .Select(a => a.Revoked).SingleAsync(), await db.Tenants.CountAsync(t => t.Name == "globex-annex")));
        Assert.Equal((1, false, 0), (tasks, revoked, tenants));

        // The same actions in A's own subtree, and the dealer's in B's, are done.
        Assert.Equal(HttpStatusCode.Created, (await _acme.PostAsJsonAsync($"api/v1/agents/{_acmeAgent}/tasks", new { kind = "rescan" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _acme.PostAsJsonAsync("api/v1/codes", new { tenant = "acme" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _acme.PostAsJsonAsync("api/v1/tenants", new { name = "acme-annex", kind = "site", parent = "acme" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await _dealer.PostAsJsonAsync("api/v1/codes", new { tenant = "globex" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _dealer.PostAsync($"api/v1/agents/{_globexAgent}/revoke", null)).StatusCode);
        Assert.Equal(["acme", "acme-annex"], await NamesAsync(_acme, "api/v1/tenants", "name"));
    }

    [Fact]
    public async Task A_customer_cannot_make_a_dealer_and_the_bootstrap_token_stops_once_a_dealer_admin_exists()
    {
        var dealer = await _acme.PostAsJsonAsync("api/v1/tenants", new { name = "rogue", kind = "dealer" });
        Assert.Equal(HttpStatusCode.BadRequest, dealer.StatusCode);
        Assert.Contains("only the hub's operator", await dealer.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var bootstrap = await _hub.Api.GetAsync("api/v1/devices");
        Assert.Equal(HttpStatusCode.Unauthorized, bootstrap.StatusCode);
    }

    /// <summary>What each route needs (the path with acme's own things, so only the permission can stop it).</summary>
    private (string Route, HttpMethod Method, string Path, object? Body, Kdfm.Hub.Access.Permission Needs)[] Needs() =>
    [
        ("GET api/v1/tenants", HttpMethod.Get, "api/v1/tenants", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("POST api/v1/tenants", HttpMethod.Post, "api/v1/tenants", new { name = "acme-site", kind = "site", parent = "acme" }, Kdfm.Hub.Access.Permission.ManageTenants),
        ("GET api/v1/devices", HttpMethod.Get, "api/v1/devices", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("GET api/v1/tenants/{tenant}/devices", HttpMethod.Get, "api/v1/tenants/acme/devices", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("GET api/v1/devices/{key}", HttpMethod.Get, "api/v1/devices/hp:ACME", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("GET api/v1/tenants/{tenant}/devices/{key}", HttpMethod.Get, "api/v1/tenants/acme/devices/hp:ACME", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("GET api/v1/devices/{key}/readings", HttpMethod.Get, "api/v1/devices/hp:ACME/readings", null, Kdfm.Hub.Access.Permission.ViewMetersAndExport),
        ("GET api/v1/tenants/{tenant}/devices/{key}/readings", HttpMethod.Get, "api/v1/tenants/acme/devices/hp:ACME/readings", null,
            Kdfm.Hub.Access.Permission.ViewMetersAndExport),
        ("GET api/v1/readings/stats", HttpMethod.Get, "api/v1/readings/stats", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("GET api/v1/agents", HttpMethod.Get, "api/v1/agents", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("POST api/v1/agents/{id}/tasks", HttpMethod.Post, $"api/v1/agents/{_acmeAgent}/tasks", new { kind = "poll-now" }, Kdfm.Hub.Access.Permission.ManageAgents),
        ("POST api/v1/agents/{id}/revoke", HttpMethod.Post, $"api/v1/agents/{_acmeAgent}/revoke", null, Kdfm.Hub.Access.Permission.ManageAgents),
        ("GET api/v1/agents/{id}/tasks/{taskId}", HttpMethod.Get, $"api/v1/agents/{_acmeAgent}/tasks/tsk_none", null, Kdfm.Hub.Access.Permission.ViewFleet),
        ("POST api/v1/codes", HttpMethod.Post, "api/v1/codes", new { tenant = "acme" }, Kdfm.Hub.Access.Permission.ManageAgents),
        ("POST api/v1/devices/{key}/web-sessions", HttpMethod.Post, "api/v1/devices/hp:ACME/web-sessions", new { port = 80 }, Kdfm.Hub.Access.Permission.DeviceWebAccess),
        ("GET api/v1/web-sessions/{id}", HttpMethod.Get, "api/v1/web-sessions/dwa_none", null, Kdfm.Hub.Access.Permission.DeviceWebAccess),
        ("DELETE api/v1/web-sessions/{id}", HttpMethod.Delete, "api/v1/web-sessions/dwa_none", null, Kdfm.Hub.Access.Permission.DeviceWebAccess),
    ];

    [Fact]
    public async Task Without_the_permission_a_route_needs_the_answer_is_403_and_the_refusal_is_audited()
    {
        Assert.Equal(Covered.Order(StringComparer.Ordinal), Needs().Select(n => n.Route).Order(StringComparer.Ordinal));
        var clients = new Dictionary<Kdfm.Hub.Access.Permission, HttpClient>();
        foreach (var permission in Needs().Select(n => n.Needs).Distinct())
        {
            // A role of acme's own with every permission but this one.
            string role = $"all but {permission}";
            await _hub.RoleAsync(role, "acme", Kdfm.Hub.Access.Permission.All & ~permission);
            clients[permission] = await _hub.ApiAsAsync(await _hub.UserAsync($"{permission.ToString().ToLowerInvariant()}@acme.example", "acme", role));
        }

        foreach (var (route, method, path, body, needs) in Needs())
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            var response = await clients[needs].SendAsync(request);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{route} without {needs}: {(int)response.StatusCode}");
            string target = $"{method.Method} /{path}";
            string user = $"{needs.ToString().ToLowerInvariant()}@acme.example";
            var audited = await _hub.WithDbAsync(db => db.Audit.Where(a => a.Actor == user && a.Action == Kdfm.Hub.Access.AuditActions.Denied && a.Target == target)
                .Select(a => a.Outcome).ToListAsync());
            Assert.True(audited.SequenceEqual(["denied"]), $"{route}: audit {string.Join(",", audited)}");
        }

        // A CSV export is "view meters and export" too, also where a list alone needs only view fleet.
        using var csv = new HttpRequestMessage(HttpMethod.Get, "api/v1/devices");
        csv.Headers.Accept.ParseAdd("text/csv");
        Assert.Equal(HttpStatusCode.Forbidden, (await clients[Kdfm.Hub.Access.Permission.ViewMetersAndExport].SendAsync(csv)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clients[Kdfm.Hub.Access.Permission.ViewMetersAndExport].GetAsync("api/v1/devices")).StatusCode);
        foreach (var client in clients.Values)
        {
            client.Dispose();
        }
    }

    private static long Total(JsonElement snapshot) => snapshot.GetProperty("counters")[0].GetProperty("value").GetInt64();

    private static async Task<string[]> NamesAsync(HttpClient client, string path, string property) =>
        (await client.GetFromJsonAsync<JsonElement>(path)).EnumerateArray().Select(e => e.GetProperty(property).GetString()!).ToArray();

    private static async Task<(long Readings, int Devices)> StatsAsync(HttpClient client)
    {
        var stats = await client.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        return (stats.GetProperty("readings").GetInt64(), stats.GetProperty("devices").GetInt32());
    }

    private static async Task<string> CsvAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/csv");
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
