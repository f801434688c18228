using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Testing;
using Xunit.Abstractions;

namespace Kdfm.EndToEnd.Tests;

/// <summary>
/// Device Web Access as a user meets it: hub (with its own sshd) + kdfm-sim's printers with their web sites + an activated
/// collector, each a real process or peer on loopback; the API opens a session, the printer's own page comes through the
/// collector's SSH tunnel, and a collector restarted in the middle ends the session cleanly.
/// </summary>
public sealed class WebAccessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_printers_own_pages_come_through_the_collectors_tunnel_and_a_restarted_collector_ends_the_session()
    {
        int http = FreePort.Tcp(), https = FreePort.Tcp();
        using var hub = await HubProcess.StartAsync(new Dictionary<string, string>
        {
            ["KDFM_Hub__DeviceWebAccess__AllowedPorts"] = $"{http},{https}", ["KDFM_Hub__DeviceWebAccess__HttpsPorts"] = $"{https}",
        });
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.41.0.0/29");
        await fleet.StartWebAsync(http, https);
        using var collector = new CollectorProcess();
        await collector.ActivateAsync(hub);
        Assert.True(File.Exists(Path.Combine(collector.DataDirectory, "ssh-key")), "activation made the tunnels' key");
        var ports = new Dictionary<string, string> { ["KDFM_Collector__Gateway__WebAccessPorts"] = $"{http},{https}" };
        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 3600, more: ports);
        await Eventually.HoldsAsync(async () => (await hub.StatsAsync()).Devices == 5, Patience, () => $"the fleet at the hub; {collector.Process.Output}");
        using var api = await hub.UserApiAsync("tech@e2e.example", "technician");

        // Key rotation through a task: a new pair at the collector, taken by the hub; the sessions below use it.
        string firstKey = await File.ReadAllTextAsync(Path.Combine(collector.DataDirectory, "ssh-key.pub"));
        string agent = (await api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0].GetProperty("id").GetString()!;
        var rotate = await api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "rotate-ssh-key" });
        string rotation = (await rotate.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var rotated = await Eventually.Value(() => api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{rotation}"),
            t => t.GetProperty("completedAt").ValueKind == JsonValueKind.String, "the key rotated", Patience);
        Assert.True(rotated.GetProperty("ok").GetBoolean(), rotated.GetProperty("message").GetString());
        Assert.NotEqual(firstKey, await File.ReadAllTextAsync(Path.Combine(collector.DataDirectory, "ssh-key.pub")));
        var device = (await api.GetFromJsonAsync<JsonElement>("api/v1/devices")).EnumerateArray().First(d => d.GetProperty("address").GetString() == fleet[0].Address.ToString());
        string key = device.GetProperty("key").GetString()!, serial = device.GetProperty("serial").GetString()!;

        // Plain HTTP: the printer's page with its serial, its login form and redirect, through the tunnel (MQTT brings the task at once).
        var (id, url) = await OpenAsync(api, key, http);
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new SocketsHttpHandler { CookieContainer = cookies, SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => hub.Pinned(c) } });
        var origin = new Uri($"https://{url.Host}:{url.Port}/");
        await browser.GetAsync(url); // the one-time ticket becomes the session's cookie (the tunnel may still be on its way: "waiting…")
        var first = await Eventually.Value(() => browser.GetAsync(origin), r => r.StatusCode == HttpStatusCode.OK, "the printer's page through the tunnel", Patience);
        Assert.Contains(serial, await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var signIn = await browser.PostAsync(new Uri(origin, "/login"), new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "admin", ["password"] = serial }));
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode); // the 303 to /status followed, with the printer's cookie
        Assert.Equal("/status", signIn.RequestMessage!.RequestUri!.AbsolutePath);
        Assert.Contains(serial, await signIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var log = await api.GetFromJsonAsync<JsonElement>($"api/v1/web-sessions/{id}");
        var paths = log.GetProperty("accessLog").EnumerateArray().Select(r => $"{r.GetProperty("method").GetString()} {r.GetProperty("path").GetString()} {r.GetProperty("status").GetInt32()}").ToList();
        output.WriteLine(string.Join("\n", paths));
        Assert.Contains("POST /login 303", paths);
        Assert.Contains("GET /status 200", paths);

        // HTTPS: the printer's self-signed certificate is accepted for its session.
        var (_, secureUrl) = await OpenAsync(api, key, https);
        using var secure = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => hub.Pinned(c) } });
        await secure.GetAsync(secureUrl);
        var secureOrigin = new Uri($"https://{secureUrl.Host}:{secureUrl.Port}/");
        var securePage = await Eventually.Value(() => secure.GetAsync(secureOrigin), r => r.StatusCode == HttpStatusCode.OK, "the HTTPS page through the tunnel", Patience);
        Assert.Contains(serial, await securePage.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The collector still listens on nothing: the tunnels are its outbound SSH connections.
        var sockets = ProcessSockets.Of(collector.Process.ProcessId);
        Assert.DoesNotContain(sockets, s => s.Listening);
        Assert.Contains(sockets, s => s.Protocol == "tcp" && s.State == "ESTABLISHED" && s.Remote.EndsWith($":{hub.SshPort}", StringComparison.Ordinal));

        // A collector restarted in the middle: its tunnels are gone, and the hub ends their sessions at its first poll.
        collector.Kill();
        collector.Start(fleet, pollSeconds: 3600, gatewayPollSeconds: 3600, more: ports);
        await Eventually.HoldsAsync(async () => (await api.GetFromJsonAsync<JsonElement>($"api/v1/web-sessions/{id}")).GetProperty("closedAt").ValueKind == JsonValueKind.String,
            Patience, () => "the session ended after the restart");
        Assert.Equal("the collector restarted: its tunnel is gone",
            (await api.GetFromJsonAsync<JsonElement>($"api/v1/web-sessions/{id}")).GetProperty("endReason").GetString());
        // The origin refuses: "ended" (410) while it stops, then no connection at all.
        await Eventually.True(async () =>
        {
            try
            {
                var after = await browser.GetAsync(origin);
                Assert.Equal(HttpStatusCode.Gone, after.StatusCode);
                return false;
            }
            catch (HttpRequestException)
            {
                return true;
            }
        }, "the ended session's origin is closed");
    }

    private static async Task<(string Id, Uri Url)> OpenAsync(HttpClient api, string key, int port)
    {
        var opened = await api.PostAsJsonAsync($"api/v1/devices/{Uri.EscapeDataString(key)}/web-sessions", new { port });
        Assert.True(opened.StatusCode == HttpStatusCode.Created, await opened.Content.ReadAsStringAsync());
        var body = await opened.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("id").GetString()!, new Uri(body.GetProperty("url").GetString()!));
    }
}
