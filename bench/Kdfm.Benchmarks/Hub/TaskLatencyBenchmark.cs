using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Benchmarks.Throughput;
using Kdfm.Testing;

namespace Kdfm.Benchmarks.Hub;

/// <summary>
/// From a POST of a poll-now task to the collector starting it (the hub's clock at both ends: created, then handed out by
/// the Poll that the MQTT "task waiting" triggered), with kdfm-hub, kdfm-sim and an activated kdfm-collector as processes
/// on loopback. The collector's own poll interval is an hour, so only MQTT can bring a task in time.
/// </summary>
internal static class TaskLatencyBenchmark
{
    public static async Task RunAsync(int tasks)
    {
        string root = Directory.CreateTempSubdirectory("kdfm-bench-tasks-").FullName;
        int httpsPort = FreePort.Tcp(), mqttPort = FreePort.Tcp(), simPort = FreePort.Tcp();
        var processes = new List<Process>();
        try
        {
            var hub = ThroughputBenchmark.StartPinned(false, "dotnet", [RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub"), "serve", "--data", Path.Combine(root, "hub")],
                new Dictionary<string, string> { ["KDFM_Hub__HttpsPort"] = Text(httpsPort), ["KDFM_Hub__MqttTlsPort"] = Text(mqttPort) });
            processes.Add(hub);
            await ThroughputBenchmark.WaitForLineAsync(hub, "kdfm-hub ready");
            string pin = "", token = "";
            while (await hub.StandardOutput.ReadLineAsync() is { } line)
            {
                pin = line.Contains("certificate SHA-256:", StringComparison.Ordinal) ? line.Split(':')[1].Trim() : pin;
                if (line.Contains("admin token:", StringComparison.Ordinal))
                {
                    token = (await File.ReadAllTextAsync(Path.Combine(root, "hub", "admin-token"))).Trim(); // the hub prints only where it is
                    break;
                }
            }

            _ = hub.StandardOutput.ReadToEndAsync();
            _ = hub.StandardError.ReadToEndAsync();
            var sim = ThroughputBenchmark.StartPinned(false, "dotnet", [ThroughputBenchmark.Locate("kdfm-sim.dll"), "--range", "127.38.0.0/29", "--port", Text(simPort)]);
            processes.Add(sim);
            await ThroughputBenchmark.WaitForLineAsync(sim, "kdfm-sim ready");
            _ = sim.StandardOutput.ReadToEndAsync();

            using var api = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } })
            {
                BaseAddress = new Uri($"https://127.0.0.1:{httpsPort}/"),
            };
            api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            (await api.PostAsJsonAsync("api/v1/tenants", new { name = "bench-dealer", kind = "dealer" })).EnsureSuccessStatusCode();
            (await api.PostAsJsonAsync("api/v1/tenants", new { name = "bench", kind = "customer", parent = "bench-dealer" })).EnsureSuccessStatusCode();
            string code = (await (await api.PostAsJsonAsync("api/v1/codes", new { tenant = "bench" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
            string data = Path.Combine(root, "collector");
            string collectorDll = RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector");
            using (var activate = Process.Start(new ProcessStartInfo("dotnet", [collectorDll, "activate", "--hub", $"https://127.0.0.1:{httpsPort}", "--code", code, "--pin", pin, "--data", data])
                { RedirectStandardOutput = true, RedirectStandardError = true })!)
            {
                string said = await activate.StandardOutput.ReadToEndAsync() + await activate.StandardError.ReadToEndAsync();
                await activate.WaitForExitAsync();
                if (activate.ExitCode != 0)
                {
                    throw new InvalidOperationException("activate: " + said);
                }
            }

            var collector = ThroughputBenchmark.StartPinned(false, "dotnet", [collectorDll, "run", "--data", data], new Dictionary<string, string>
            {
                ["KDFM_Collector__Targets__0"] = "127.38.0.0/29", ["KDFM_Collector__Port"] = Text(simPort), ["KDFM_Collector__PollIntervalSeconds"] = "3600",
                ["KDFM_Collector__Gateway__PollIntervalSeconds"] = "3600",
            });
            processes.Add(collector);
            var collectorOutput = collector.StandardOutput.ReadToEndAsync();
            _ = collector.StandardError.ReadToEndAsync();
            string agent = "";
            var wait = Stopwatch.StartNew();
            while (wait.Elapsed < TimeSpan.FromSeconds(60))
            {
                var agents = await api.GetFromJsonAsync<JsonElement>("api/v1/agents");
                var stats = await api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
                if (agents.GetArrayLength() > 0 && stats.GetProperty("devices").GetInt32() == 5)
                {
                    agent = agents[0].GetProperty("id").GetString()!;
                    break;
                }

                await Task.Delay(200);
            }

            if (agent.Length == 0)
            {
                collector.Kill();
                throw new InvalidOperationException("the collector did not report 5 devices in 60 s: " + await collectorOutput);
            }

            await Task.Delay(2000); // the MQTT session is up by now (it connects at start)
            var latencies = new List<double>();
            for (int i = 0; i < tasks; i++)
            {
                var posted = await (await api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = Kdfm.Agent.TaskKinds.Name(Kdfm.Agent.V1.TaskKind.PollNow) })).Content.ReadFromJsonAsync<JsonElement>();
                string id = posted.GetProperty("id").GetString()!;
                var deadline = Stopwatch.StartNew();
                JsonElement task;
                do
                {
                    await Task.Delay(20);
                    task = await api.GetFromJsonAsync<JsonElement>($"api/v1/agents/{agent}/tasks/{id}");
                }
                while (task.GetProperty("startedAt").ValueKind == JsonValueKind.Null && deadline.Elapsed < TimeSpan.FromSeconds(30));

                latencies.Add(task.GetProperty("startedAt").ValueKind == JsonValueKind.Null
                    ? double.NaN
                    : (task.GetProperty("startedAt").GetDateTimeOffset() - task.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds);
                await Task.Delay(300);
            }

            var sorted = latencies.Order().ToList();
            Console.WriteLine();
            Console.WriteLine($"| poll-now: POST to task start through MQTT, {tasks} tasks (hub clock; collector poll interval 1 h) | ms |");
            Console.WriteLine("|---|---:|");
            Console.WriteLine($"| median | {sorted[sorted.Count / 2]:F0} |");
            Console.WriteLine($"| 90th percentile | {sorted[(int)(sorted.Count * 0.9)]:F0} |");
            Console.WriteLine($"| slowest | {sorted[^1]:F0} |");
            Console.WriteLine($"| not started within 30 s | {latencies.Count(double.IsNaN)} |");
        }
        finally
        {
            foreach (var process in processes)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}
