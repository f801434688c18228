using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

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
        await using var system = await BenchSystem.StartAsync("127.38.0.0/29");
        var api = system.Api;
        string agent = system.AgentId;
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
}
