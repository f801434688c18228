using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kdfm.Testing;

namespace Kdfm.EndToEnd.Tests;

/// <summary>An activated kdfm-collector run as a process on a data directory of its own.</summary>
public sealed class CollectorProcess : IDisposable
{
    private readonly TempDirectory _data = new("kdfm-e2e-collector-");
    private PeerProcess? _process;

    public string DataDirectory => _data.Path;

    public string Store => _data["collector.db"];

    public PeerProcess Process => _process!;

    public static string Program => RepositoryPaths.Program("Kdfm.Collector.Host", "kdfm-collector");

    public async Task ActivateAsync(HubProcess hub)
    {
        var (exit, output, error) = await CommandLine.RunAsync("dotnet",
            [Program, "activate", "--hub", hub.Url, "--code", await hub.CodeAsync(), "--pin", hub.Fingerprint, "--data", DataDirectory]);
        Assert.True(exit == 0, $"activate: {output}{error}");
    }

    public void Start(InProcessFleet fleet, int pollSeconds, int gatewayPollSeconds, string mqttUrl = "", string mqttPin = "", IReadOnlyDictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>(more ?? new Dictionary<string, string>())
        {
            ["KDFM_Collector__Targets__0"] = fleet.RangeText,
            ["KDFM_Collector__Port"] = fleet[0].Port.ToString(CultureInfo.InvariantCulture),
            ["KDFM_Collector__PollIntervalSeconds"] = pollSeconds.ToString(CultureInfo.InvariantCulture),
            ["KDFM_Collector__TimeoutMs"] = "1000",
            ["KDFM_Collector__PacketsPerSecond"] = "0",
            ["KDFM_Collector__Concurrency"] = "512",
            ["KDFM_Collector__Gateway__PollIntervalSeconds"] = gatewayPollSeconds.ToString(CultureInfo.InvariantCulture),
            ["KDFM_Collector__Gateway__MqttUrl"] = mqttUrl,
            ["KDFM_Collector__Gateway__MqttPin"] = mqttPin,
            ["Logging__LogLevel__Default"] = "Information",
        };
        _process = PeerProcess.Start("dotnet", [Program, "run", "--data", DataDirectory], environment);
    }

    public void Kill()
    {
        System.Diagnostics.Process.GetProcessById(_process!.ProcessId).Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    /// <summary>kdfm-collector status --format json, read from the data directory while run runs.</summary>
    public async Task<JsonElement> StatusAsync()
    {
        var (exit, output, error) = await CommandLine.RunAsync("dotnet", [Program, "status", "--data", DataDirectory, "--format", "json"]);
        Assert.True(exit == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    public void Dispose()
    {
        _process?.Dispose();
        _data.Dispose();
    }
}
