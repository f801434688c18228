using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Testing;

namespace Kdfm.Benchmarks.Hub;

/// <summary>
/// Device Web Access, with kdfm-hub (its own sshd), kdfm-sim's printers serving their pages and an activated
/// kdfm-collector as processes on loopback: the time from the user's "open" (the POST) to the first byte of the printer's
/// page through a new session (task through MQTT, the collector's SSH connection and forward, the session's origin), and
/// a 10 MB download through the tunnel against the same download straight from the printer, in the same run.
/// </summary>
internal static class WebAccessBenchmark
{
    public static async Task RunAsync(int sessions, int megabytes)
    {
        int http = FreePort.Tcp();
        await using var system = await BenchSystem.StartAsync("127.43.0.0/29", ["--http", BenchSystem.Text(http)],
            new Dictionary<string, string> { ["KDFM_Hub__DeviceWebAccess__SshListen"] = $"127.0.0.1:{FreePort.Tcp()}", ["KDFM_Hub__DeviceWebAccess__AllowedPorts"] = BenchSystem.Text(http) },
            new Dictionary<string, string> { ["KDFM_Collector__Gateway__WebAccessPorts"] = BenchSystem.Text(http) });
        using var api = await system.UserApiAsync("tech@bench.example", "technician");
        var device = (await api.GetFromJsonAsync<JsonElement>("api/v1/devices"))[0];
        string key = device.GetProperty("key").GetString()!, address = device.GetProperty("address").GetString()!;

        // Time to first byte of a new session, each a new SSH connection of the collector.
        var firstBytes = new List<double>();
        string lastUrl = string.Empty, lastId = string.Empty;
        for (int i = 0; i < sessions; i++)
        {
            using var browser = Browser(api);
            var clock = Stopwatch.StartNew();
            var opened = await (await api.PostAsJsonAsync($"api/v1/devices/{key}/web-sessions", new { port = http })).Content.ReadFromJsonAsync<JsonElement>();
            var url = new Uri(opened.GetProperty("url").GetString()!);
            var origin = new Uri(url, "/index.html");
            await browser.GetAsync(url, HttpCompletionOption.ResponseHeadersRead); // the ticket becomes the cookie
            while (true)
            {
                using var response = await browser.GetAsync(origin, HttpCompletionOption.ResponseHeadersRead);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    await using var body = await response.Content.ReadAsStreamAsync();
                    _ = body.ReadByte();
                    break;
                }

                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new InvalidOperationException($"no page through session {i} in 30 s: {response.StatusCode}");
                }

                await Task.Delay(10);
            }

            firstBytes.Add(clock.Elapsed.TotalMilliseconds);
            lastId = opened.GetProperty("id").GetString()!;
            lastUrl = $"https://{url.Host}:{url.Port}";
            if (i < sessions - 1)
            {
                (await api.DeleteAsync($"api/v1/web-sessions/{lastId}")).EnsureSuccessStatusCode();
            }
        }

        // Throughput: the same download through the tunnel (the last session) and straight from the printer, alternated.
        using var tunnel = Browser(api);
        using var direct = new HttpClient();
        var throughTunnel = new List<double>();
        var straight = new List<double>();
        for (int run = 0; run < 5; run++)
        {
            throughTunnel.Add(await DownloadAsync(tunnel, $"{lastUrl}/download?mb={megabytes}", megabytes));
            straight.Add(await DownloadAsync(direct, $"http://{address}:{http}/download?mb={megabytes}", megabytes));
        }

        double p50 = Percentile(firstBytes, 0.5), p90 = Percentile(firstBytes, 0.9), tunnelMbs = Percentile(throughTunnel, 0.5), directMbs = Percentile(straight, 0.5);
        Console.WriteLine();
        Console.WriteLine($"| Device Web Access, {sessions} new sessions, {megabytes} MB × 5 | value |");
        Console.WriteLine("|---|---:|");
        Console.WriteLine($"| open → first byte of the printer's page, median | {p50:F0} ms |");
        Console.WriteLine($"| open → first byte, 90th percentile | {p90:F0} ms |");
        Console.WriteLine($"| download through the tunnel, median | {tunnelMbs:F1} MB/s |");
        Console.WriteLine($"| download straight from the printer, median | {directMbs:F1} MB/s |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"webaccess: sessions={sessions} ttfb_p50_ms={p50:F0} ttfb_p90_ms={p90:F0} tunnel_mb_s={tunnelMbs:F1} direct_mb_s={directMbs:F1} ratio={tunnelMbs / directMbs:F2}"));
    }

    /// <summary>A browser of the user: their API token (the session's origin takes it), cookies kept, no certificate check (the hub's is self-signed).</summary>
    private static HttpClient Browser(HttpClient api)
    {
        var client = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(), SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        client.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;
        return client;
    }

    /// <summary>MB/s of one download, read to the end; its length checked.</summary>
    private static async Task<double> DownloadAsync(HttpClient client, string url, int megabytes)
    {
        var clock = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }

        long expected = megabytes * 1024L * 1024L;
        return total == expected ? expected / 1e6 / clock.Elapsed.TotalSeconds : throw new InvalidOperationException($"{url}: {total} bytes, not {expected}");
    }

    private static double Percentile(List<double> values, double at)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * at))];
    }
}
