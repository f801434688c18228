using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Hub.WebAccess;
using Kdfm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kdfm.Hub.Tests.WebAccess;

/// <summary>
/// Device Web Access against the real peers: the hub's own OpenSSH sshd (Debian's), SSH.NET as the agent's client, the
/// hub's per-session origin with YARP, and a printer's web server on loopback.
/// </summary>
public sealed class WebAccessTests
{
    private static Task<TestHub> HubAsync() => TestHub.StartAsync(o => o.DeviceWebAccess.SshListen = $"127.0.0.1:{FreePort.Tcp()}");

    private static HttpClient Browser(TestHub hub, CookieContainer cookies, bool follow = true) =>
        new(new SocketsHttpHandler
        {
            CookieContainer = cookies, AllowAutoRedirect = follow,
            SslOptions = TestHub.PinnedHandler(hub.Started.Fingerprint).SslOptions,
        });

    private static async Task<(string Id, Uri Url, AgentTask Task)> OpenAsync(HttpClient api, TunnelAgent agent, int port = 80)
    {
        var opened = await api.PostAsJsonAsync($"/api/v1/devices/{TunnelAgent.DeviceKey}/web-sessions", new { port });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var body = await opened.Content.ReadFromJsonAsync<JsonElement>();
        var poll = await agent.PollAsync();
        var task = Assert.Single(poll.Tasks, t => t.TaskKind == TaskKind.WebSession);
        Assert.Equal(body.GetProperty("id").GetString(), task.WebSession.Id);
        return (task.WebSession.Id, new Uri(body.GetProperty("url").GetString()!), task);
    }

    private static bool Listens(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    [Fact]
    public async Task A_session_reaches_the_printer_through_sshd_and_its_end_closes_everything()
    {
        await using var hub = await HubAsync();
        await using var printer = await PrinterPage.StartAsync();
        using var agent = await TunnelAgent.StartAsync(hub, "acme");
        var tech = await hub.UserAsync("tech@acme.test", "acme", "technician");
        using var api = await hub.ApiAsAsync(tech);
        var (id, url, task) = await OpenAsync(api, agent);
        Assert.Equal((80, TunnelAgent.DeviceKey, "127.20.0.3"), (task.WebSession.Port, task.WebSession.DeviceKey, task.WebSession.Address));
        Assert.Equal(agent.Ssh.HostKey, task.WebSession.Ssh.HostKey);

        var ssh = agent.Forward(task.WebSession.ListenPort, printer.Port);
        await agent.ReportAsync(task.Id, true, "tunnel open");

        // The browser: the ticket becomes the session's cookie, the printer's redirect is followed, its page shows.
        var cookies = new CookieContainer();
        cookies.Add(new Cookie("kdfm.session", "the-portal-session", "/", url.Host)); // a browser sends the portal's cookies to every port of the host
        using var browser = Browser(hub, cookies);
        var first = await browser.GetAsync(url);
        Assert.True(first.IsSuccessStatusCode, $"{first.StatusCode} at {first.RequestMessage!.RequestUri}: {await first.Content.ReadAsStringAsync()} cookies: {string.Join("; ", cookies.GetAllCookies().Select(c => c.Name + "@" + c.Domain + c.Path))}");
        string page = await first.Content.ReadAsStringAsync();
        Assert.Contains($"<p id=serial>{PrinterPage.Serial}</p>", page);
        Assert.DoesNotContain("kdfm", PrinterPage.LastCookies); // neither the portal's cookie nor the session's reach the printer
        Assert.Contains("printer_session=p1", (await browser.GetAsync(new Uri(url, "/index.html"))).RequestMessage!.Headers.ToString() + PrinterPage.LastCookies);
        var origin = new Uri($"https://{url.Host}:{url.Port}/");
        Assert.Equal("the-portal-session", cookies.GetCookies(origin)["kdfm.session"]!.Value); // the printer's "kdfm.session" took another name
        string prefix = $"kdfm-p-{id[^8..]}-";
        Assert.Equal(["kdfm-dwa-" + id, prefix + "kdfm.session", prefix + "printer_session", "kdfm.session"],
            cookies.GetCookies(origin).Select(c => c.Name).Order(StringComparer.Ordinal));
        var index = await browser.GetAsync(new Uri(origin, "/index.html"));
        Assert.False(index.Headers.Contains("Clear-Site-Data") || index.Headers.Contains("Strict-Transport-Security"), index.Headers.ToString());
        Assert.Equal("no-store", index.Headers.CacheControl!.ToString());

        // Another origin's page of the site (another session's printer, say) may not act in this one, nor on the API.
        using (var crossPost = new HttpRequestMessage(HttpMethod.Post, new Uri(origin, "/settings")) { Content = new StringContent("x") })
        {
            crossPost.Headers.Add("Origin", $"https://{url.Host}:{FreePort.Tcp()}");
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(crossPost)).StatusCode);
        }

        using (var subresource = new HttpRequestMessage(HttpMethod.Get, new Uri(origin, "/index.html")))
        {
            subresource.Headers.Add("Sec-Fetch-Site", "same-site");
            subresource.Headers.Add("Sec-Fetch-Mode", "no-cors");
            Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(subresource)).StatusCode);
        }

        using (var samePost = new HttpRequestMessage(HttpMethod.Post, new Uri(origin, "/settings")) { Content = new StringContent("x") })
        {
            samePost.Headers.Add("Origin", $"https://{url.Host}:{url.Port}");
            Assert.Equal("changed", await (await browser.SendAsync(samePost)).Content.ReadAsStringAsync());
        }

        using var raw = Browser(hub, cookies, follow: false);
        var itself = await raw.GetAsync(new Uri(origin, "/to-itself"));
        Assert.Equal((HttpStatusCode.Redirect, "/index.html"), (itself.StatusCode, itself.Headers.Location!.ToString()));

        // The user's API token works (as curl sends it; HttpClient drops it on a redirect, so the page itself); another user's does not.
        using var bearer = Browser(hub, new CookieContainer());
        bearer.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        Assert.Contains(PrinterPage.Serial, await bearer.GetStringAsync(new Uri(origin, "/index.html")));
        await hub.RoleAsync("web access", "acme", Kdfm.Hub.Access.Permission.ViewFleet | Kdfm.Hub.Access.Permission.DeviceWebAccess);
        var other = await hub.UserAsync("other@acme.test", "acme", "web access"); // not an administrator: sees its own sessions only
        using var otherApi = await hub.ApiAsAsync(other);
        using var stranger = Browser(hub, new CookieContainer());
        stranger.DefaultRequestHeaders.Authorization = otherApi.DefaultRequestHeaders.Authorization;
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(origin)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await otherApi.GetAsync($"/api/v1/web-sessions/{id}")).StatusCode);

        // The access log.
        var view = await api.GetFromJsonAsync<JsonElement>($"/api/v1/web-sessions/{id}");
        var log = view.GetProperty("accessLog").EnumerateArray().Select(r => (r.GetProperty("method").GetString(), r.GetProperty("path").GetString(), r.GetProperty("status").GetInt32())).ToList();
        Assert.Contains(("GET", "/?ticket=…", 303), log);
        Assert.Contains(("GET", "/", 302), log);
        Assert.Contains(("GET", "/index.html", 200), log);
        Assert.DoesNotContain(log, r => r.Item3 is 401 or 403); // a stranger's refused requests do not fill the session's log
        Assert.NotNull(view.GetProperty("tunnelUpAt").GetString());

        // What the key may not do: another port, a command, a local forward.
        Assert.Throws<SshException>(() => agent.Forward(FreePort.Tcp(), printer.Port));
        using (var command = ssh.CreateCommand("id"))
        {
            command.Execute();
            Assert.Equal(1, command.ExitStatus); // ForceCommand /bin/false, run by the account's nologin shell: "id" never runs
            Assert.DoesNotContain("uid=", command.Result);
        }

        var local = new ForwardedPortLocal("127.0.0.1", (uint)FreePort.Tcp(), "127.0.0.1", (uint)hub.Url.Port);
        ssh.AddForwardedPort(local);
        local.Start();
        using (var through = new TcpClient())
        {
            await through.ConnectAsync(IPAddress.Loopback, (int)local.BoundPort);
            var buffer = new byte[16];
            int read;
            try
            {
                read = await through.GetStream().ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (IOException)
            {
                read = 0;
            }

            Assert.Equal(0, read); // sshd refused the channel: the connection closes with nothing
        }

        // Closing: the origin stops, sshd's tunnel process ends (the port is free), the key is refused from now on.
        int forwardPort = task.WebSession.ListenPort;
        Assert.True(Listens(forwardPort));
        var closed = await api.DeleteAsync($"/api/v1/web-sessions/{id}");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        await Assert.ThrowsAsync<HttpRequestException>(() => browser.GetAsync(origin));
        await Eventually.True(() => !Listens(forwardPort), "the tunnel's port is closed at sshd");
        Assert.Throws<SshAuthenticationException>(() => agent.Connect());
        var ended = await api.GetFromJsonAsync<JsonElement>($"/api/v1/web-sessions/{id}");
        Assert.Equal(WebSessions.ClosedByUser, ended.GetProperty("endReason").GetString());
        var audit = await hub.WithDbAsync(db => db.Audit.Where(a => a.Action.StartsWith("web-session.")).Select(a => a.Action + " " + a.Actor).ToListAsync());
        Assert.Equal(["web-session.opened tech@acme.test", "web-session.ended tech@acme.test"], audit);
    }

    [Fact]
    public async Task Opening_is_refused_without_the_permission_for_another_tenant_and_for_a_port_not_allowed()
    {
        await using var hub = await HubAsync();
        using var agent = await TunnelAgent.StartAsync(hub, "acme");
        var viewer = await hub.UserAsync("viewer@acme.test", "acme", "viewer");
        using var viewerApi = await hub.ApiAsAsync(viewer);
        var refused = await viewerApi.PostAsJsonAsync($"/api/v1/devices/{TunnelAgent.DeviceKey}/web-sessions", new { port = 80 });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var outsider = await hub.UserAsync("tech@globex.test", "globex", "technician");
        using var outsiderApi = await hub.ApiAsAsync(outsider);
        var notFound = await outsiderApi.PostAsJsonAsync($"/api/v1/devices/{TunnelAgent.DeviceKey}/web-sessions", new { port = 80 });
        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);

        var tech = await hub.UserAsync("tech@acme.test", "acme", "technician");
        using var api = await hub.ApiAsAsync(tech);
        var port22 = await api.PostAsJsonAsync($"/api/v1/devices/{TunnelAgent.DeviceKey}/web-sessions", new { port = 22 });
        Assert.Equal(HttpStatusCode.BadRequest, port22.StatusCode);
        Assert.Contains("port 22 is not open to Device Web Access on this device (allowed: 80, 443, 8000)", await port22.Content.ReadAsStringAsync());

        // The tenant allows 9100 for its devices: then it opens.
        await hub.WithDbAsync(async db =>
        {
            var acme = await db.Tenants.SingleAsync(t => t.Name == "acme");
            acme.WebAccessPorts = "9100";
            return await db.SaveChangesAsync();
        });
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsJsonAsync($"/api/v1/devices/{TunnelAgent.DeviceKey}/web-sessions", new { port = 9100 })).StatusCode);
        Assert.Equal(0, await hub.WithDbAsync(db => db.WebSessions.CountAsync(w => w.UserId != tech.Id)));
    }

    [Fact]
    public async Task Expiry_and_revoking_the_agent_end_the_tunnels()
    {
        await using var hub = await HubAsync();
        await using var printer = await PrinterPage.StartAsync();
        using var agent = await TunnelAgent.StartAsync(hub, "acme");
        var tech = await hub.UserAsync("tech@acme.test", "acme", "technician");
        using var api = await hub.ApiAsAsync(tech);

        var (first, _, task) = await OpenAsync(api, agent);
        agent.Forward(task.WebSession.ListenPort, printer.Port);
        {
            await hub.WithDbAsync(db => db.WebSessions.Where(w => w.Id == first).ExecuteUpdateAsync(s => s.SetProperty(w => w.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
            await Eventually.True(async () => await hub.WithDbAsync(db => db.WebSessions.AnyAsync(w => w.Id == first && w.EndReason == WebSessions.Expired)), "the session expires");
            await Eventually.True(() => !Listens(task.WebSession.ListenPort), "the expired tunnel's port is closed at sshd");
        }

        var (second, _, again) = await OpenAsync(api, agent);
        agent.Forward(again.WebSession.ListenPort, printer.Port);
        {
            Assert.True(Listens(again.WebSession.ListenPort));
            Assert.Equal(HttpStatusCode.OK, (await hub.Api.PostAsync($"/api/v1/agents/{agent.Id}/revoke", null)).StatusCode);
            Assert.Equal(WebSessions.AgentRevoked, await hub.WithDbAsync(db => db.WebSessions.Where(w => w.Id == second).Select(w => w.EndReason).SingleAsync()));
            await Eventually.True(() => !Listens(again.WebSession.ListenPort), "the revoked agent's tunnel port is closed at sshd");
            Assert.Throws<SshAuthenticationException>(() => agent.Connect());
        }
    }

    [Fact]
    public async Task A_tunnel_connection_that_forwards_a_port_of_no_open_session_is_ended()
    {
        await using var hub = await HubAsync();
        await using var printer = await PrinterPage.StartAsync();
        using var agent = await TunnelAgent.StartAsync(hub, "acme");
        var tech = await hub.UserAsync("tech@acme.test", "acme", "technician");
        using var api = await hub.ApiAsAsync(tech);
        var (id, _, task) = await OpenAsync(api, agent);
        int port = task.WebSession.ListenPort;
        agent.Forward(port, printer.Port);
        var spare = agent.Connect(); // logged in while the session is open: sshd lets it forward the session's port for as long as it lives

        Assert.Equal(HttpStatusCode.OK, (await api.DeleteAsync($"/api/v1/web-sessions/{id}")).StatusCode);
        await Eventually.True(() => !Listens(port), "the session's tunnel ended");
        var late = new ForwardedPortRemote("127.0.0.1", (uint)port, "127.0.0.1", (uint)printer.Port);
        spare.AddForwardedPort(late);
        late.Start(); // sshd allows it…
        await Eventually.True(() => !Listens(port) && !spare.IsConnected, "the spare connection ended by the hub", TimeSpan.FromSeconds(20)); // …the hub does not
    }

    [Fact]
    public async Task The_api_refuses_a_change_made_with_the_portal_cookie_from_another_origin()
    {
        await using var hub = await HubAsync();
        var (agentId, _) = await hub.ActivateAsync("acme");
        await hub.UserAsync("admin@acme.test", "acme", "customer admin");
        var (portal, _) = await Portal.PortalClient.SignedInAsync(hub, "admin@acme.test");
        using (var forged = new HttpRequestMessage(HttpMethod.Post, $"api/v1/agents/{agentId}/revoke"))
        {
            forged.Headers.Add("Origin", $"https://{hub.Url.Host}:{FreePort.Tcp()}");
            forged.Headers.Add("Sec-Fetch-Site", "same-site");
            var refused = await portal.SendAsync(forged);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.False(await hub.WithDbAsync(db => db.Agents.Where(a => a.Id == agentId).Select(a => a.Revoked).SingleAsync()));
        using var own = new HttpRequestMessage(HttpMethod.Post, $"api/v1/agents/{agentId}/revoke");
        own.Headers.Add("Origin", $"https://{hub.Url.Authority}");
        Assert.Equal(HttpStatusCode.OK, (await portal.SendAsync(own)).StatusCode);
    }

    [Fact]
    public async Task Sshd_that_stops_is_started_again()
    {
        await using var hub = await HubAsync();
        var ssh = hub.Started.App.Services.GetRequiredService<SshServer>();
        Assert.True(ssh.Running, ssh.Problem);
        int pid = ssh.ProcessId!.Value;
        System.Diagnostics.Process.GetProcessById(pid).Kill();
        await Eventually.True(() => ssh.Starts == 2 && ssh.Running, "the hub starts sshd again");
        Assert.NotEqual(pid, ssh.ProcessId);
        Assert.True(Listens(ssh.Listen!.Port));
    }
}
