using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Benchmarks.Throughput;
using Kdfm.Testing;

namespace Kdfm.Benchmarks.Hub;

/// <summary>
/// kdfm-hub, kdfm-sim (5 demo printers on <c>range</c>) and an activated kdfm-collector reading them, as processes on
/// loopback, with an API client of the hub's admin token; for the benchmarks that measure the whole chain.
/// </summary>
internal sealed class BenchSystem : IAsyncDisposable
{
    private readonly List<Process> _processes = [];

    private BenchSystem(string root) => Root = root;

    public string Root { get; }

    public int HttpsPort { get; } = FreePort.Tcp();

    public HttpClient Api { get; private set; } = null!;

    public string AgentId { get; private set; } = string.Empty;

    public string HubData => Path.Combine(Root, "hub");

    public static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Starts the three, waits until the hub holds the 5 printers; <paramref name="simArguments"/> and <paramref name="hubEnvironment"/> add to the defaults.</summary>
    public static async Task<BenchSystem> StartAsync(string range, IEnumerable<string>? simArguments = null, Dictionary<string, string>? hubEnvironment = null,
        Dictionary<string, string>? collectorEnvironment = null)
    {
        var system = new BenchSystem(Directory.CreateTempSubdirectory("kdfm-bench-").FullName);
        try
        {
            await system.StartProcessesAsync(range, simArguments ?? [], hubEnvironment ?? [], collectorEnvironment ?? []);
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    private async Task StartProcessesAsync(string range, IEnumerable<string> simArguments, Dictionary<string, string> hubEnvironment, Dictionary<string, string> collectorEnvironment)
    {
        int mqttPort = FreePort.Tcp(), simPort = FreePort.Tcp();
        var environment = new Dictionary<string, string>(hubEnvironment) { ["KDFM_Hub__HttpsPort"] = Text(HttpsPort), ["KDFM_Hub__MqttTlsPort"] = Text(mqttPort) };
        var hub = Start(ThroughputBenchmark.StartPinned(false, "dotnet", [RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub"), "serve", "--data", HubData], environment));
        await ThroughputBenchmark.WaitForLineAsync(hub, "kdfm-hub ready");
        string pin = "", token = "";
        while (await hub.StandardOutput.ReadLineAsync() is { } line)
        {
            pin = line.Contains("certificate SHA-256:", StringComparison.Ordinal) ? line.Split(':')[1].Trim() : pin;
            if (line.Contains("admin token:", StringComparison.Ordinal))
            {
                token = (await File.ReadAllTextAsync(Path.Combine(HubData, "admin-token"))).Trim(); // the hub prints only where it is
                break;
            }
        }

        _ = hub.StandardOutput.ReadToEndAsync();
        _ = hub.StandardError.ReadToEndAsync();
        var sim = Start(ThroughputBenchmark.StartPinned(false, "dotnet", [ThroughputBenchmark.Locate("kdfm-sim.dll"), "--range", range, "--port", Text(simPort), .. simArguments]));
        await ThroughputBenchmark.WaitForLineAsync(sim, "kdfm-sim ready");
        _ = sim.StandardOutput.ReadToEndAsync();

        Api = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = new Uri($"https://127.0.0.1:{HttpsPort}/") };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        (await Api.PostAsJsonAsync("api/v1/tenants", new { name = "bench-dealer", kind = "dealer" })).EnsureSuccessStatusCode();
        (await Api.PostAsJsonAsync("api/v1/tenants", new { name = "bench", kind = "customer", parent = "bench-dealer" })).EnsureSuccessStatusCode();
        string code = (await (await Api.PostAsJsonAsync("api/v1/codes", new { tenant = "bench" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
        string data = Path.Combine(Root, "collector");
        string collectorDll = RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector");
        await RunAsync("dotnet", [collectorDll, "activate", "--hub", $"https://127.0.0.1:{HttpsPort}", "--code", code, "--pin", pin, "--data", data]);
        var collector = Start(ThroughputBenchmark.StartPinned(false, "dotnet", [collectorDll, "run", "--data", data], new Dictionary<string, string>(collectorEnvironment)
        {
            ["KDFM_Collector__Targets__0"] = range, ["KDFM_Collector__Port"] = Text(simPort), ["KDFM_Collector__PollIntervalSeconds"] = "3600",
            ["KDFM_Collector__Gateway__PollIntervalSeconds"] = "3600",
        }));
        var collectorOutput = collector.StandardOutput.ReadToEndAsync();
        _ = collector.StandardError.ReadToEndAsync();
        var wait = Stopwatch.StartNew();
        while (wait.Elapsed < TimeSpan.FromSeconds(60))
        {
            var agents = await Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
            var stats = await Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
            if (agents.GetArrayLength() > 0 && stats.GetProperty("devices").GetInt32() == 5)
            {
                AgentId = agents[0].GetProperty("id").GetString()!;
                await Task.Delay(2000); // the MQTT session is up by now (it connects at start)
                return;
            }

            await Task.Delay(200);
        }

        collector.Kill();
        throw new InvalidOperationException("the collector did not report 5 devices in 60 s: " + await collectorOutput);
    }

    /// <summary>A user of the bench customer and an API client with their token (kdfm-hub users add, tokens create).</summary>
    public async Task<HttpClient> UserApiAsync(string email, string role)
    {
        string hub = RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub");
        await RunAsync("dotnet", [hub, "users", "add", email, "--tenant", "bench", "--role", role, "--password-stdin", "--data", HubData], "a long benchmark password\n");
        string token = (await RunAsync("dotnet", [hub, "tokens", "create", "--user", email, "--days", "1", "--name", "bench", "--data", HubData])).Trim();
        var client = new HttpClient(new SocketsHttpHandler { SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true } }) { BaseAddress = Api.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        Api?.Dispose();
        Directory.Delete(Root, recursive: true);
    }

    private Process Start(Process process)
    {
        _processes.Add(process);
        return process;
    }

    private static async Task<string> RunAsync(string program, IEnumerable<string> arguments, string? input = null)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = input is not null,
        })!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
        }

        string output = await process.StandardOutput.ReadToEndAsync();
        string error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{string.Join(' ', arguments.Take(2))}: {output}{error}");
    }
}
