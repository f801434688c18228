using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kdfm.Testing;

namespace Kdfm.EndToEnd.Tests;

/// <summary>kdfm-hub as a process on free loopback ports; it can be killed and started again on the same data.</summary>
public sealed partial class HubProcess : IDisposable
{
    private readonly TempDirectory _data = new("kdfm-e2e-hub-");
    private PeerProcess? _process;

    public int HttpsPort { get; } = FreePort.Tcp();

    public int MqttPort { get; } = FreePort.Tcp();

    public string Fingerprint { get; private set; } = string.Empty;

    public string Url => $"https://127.0.0.1:{HttpsPort}";

    public HttpClient Api { get; private set; } = null!;

    public int ProcessId => _process!.ProcessId;

    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();

    /// <summary>The hub's sshd for Device Web Access tunnels (a free loopback port, the same across restarts).</summary>
    public int SshPort { get; } = FreePort.Tcp();

    /// <summary>The hub's pinned certificate check, for clients of the hub's other ports (Device Web Access origins).</summary>
    public bool Pinned(System.Security.Cryptography.X509Certificates.X509Certificate? certificate) =>
        certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == Fingerprint;

    public static async Task<HubProcess> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var hub = new HubProcess { _environment = environment ?? new Dictionary<string, string>() };
        await hub.StartAgainAsync();
        return hub;
    }

    public async Task StartAgainAsync()
    {
        var environment = new Dictionary<string, string>(_environment)
        {
            ["KDFM_Hub__HttpsPort"] = HttpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KDFM_Hub__MqttTlsPort"] = MqttPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["KDFM_Hub__DeviceWebAccess__SshListen"] = $"127.0.0.1:{SshPort}",
        };
        _process = PeerProcess.Start("dotnet", [RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub"), "serve", "--data", _data.Path], environment);
        await _process.WaitForOutputAsync("admin token:", TimeSpan.FromSeconds(60), "kdfm-hub start");
        string output = _process.Output;
        Fingerprint = FingerprintLine().Match(output).Groups[1].Value;
        string token = (await File.ReadAllTextAsync(Path.Combine(_data.Path, "admin-token"))).Trim(); // the hub prints only where it is
        Api?.Dispose();
        Api = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => Pinned(c) },
        }) { BaseAddress = new Uri(Url) };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>SIGKILL: no shutdown of any kind.</summary>
    public void Kill()
    {
        System.Diagnostics.Process.GetProcessById(_process!.ProcessId).Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    /// <summary>An enrolment code for the customer "e2e" (under the dealer "e2e-dealer"), made through the API.</summary>
    public async Task<string> CodeAsync()
    {
        if (!_tenants)
        {
            await TenantAsync("e2e-dealer", "dealer", null);
            await TenantAsync("e2e", "customer", "e2e-dealer");
            _tenants = true;
        }

        var response = await Api.PostAsJsonAsync("api/v1/codes", new { tenant = "e2e" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetString()!;
    }

    /// <summary>A portal user of the agents' tenant made with <c>kdfm-hub users add</c>, and an API client with their token (<c>kdfm-hub tokens create</c>).</summary>
    public async Task<HttpClient> UserApiAsync(string email, string role)
    {
        await CodeAsync(); // the tenants
        string program = RepositoryPaths.Program("Kdfm.Hub", "kdfm-hub");
        var (added, _, addError) = await CommandLine.RunAsync("dotnet", [program, "users", "add", email, "--tenant", "e2e", "--role", role, "--password-stdin", "--data", _data.Path],
            stdin: "a long end-to-end password\n");
        Assert.True(added == 0, addError);
        var (made, token, tokenError) = await CommandLine.RunAsync("dotnet", [program, "tokens", "create", "--user", email, "--days", "1", "--name", "e2e", "--data", _data.Path]);
        Assert.True(made == 0, tokenError);
        var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = { RemoteCertificateValidationCallback = (_, c, _, _) => Pinned(c) },
        }) { BaseAddress = new Uri(Url) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        return client;
    }

    public async Task<(long Readings, long Distinct, int Devices)> StatsAsync()
    {
        var stats = await Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        return (stats.GetProperty("readings").GetInt64(), stats.GetProperty("distinctAgentSequences").GetInt64(), stats.GetProperty("devices").GetInt32());
    }

    private bool _tenants;

    private async Task TenantAsync(string name, string kind, string? parent)
    {
        var response = await Api.PostAsJsonAsync("api/v1/tenants", new { name, kind, parent });
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode || body.Contains("exists already", StringComparison.Ordinal), $"tenant {name}: {(int)response.StatusCode} {body}");
    }

    public string Output => _process?.Output ?? string.Empty;

    public void Dispose()
    {
        _process?.Dispose();
        EndOrphans(_data.Path);
        Api?.Dispose();
        _data.Dispose();
    }

    /// <summary>
    /// A hub ended by SIGKILL leaves its sshd running (a restarted hub ends it; a test that is over would leave it for
    /// good): any process whose command line names this hub's data directory is ended.
    /// </summary>
    private static void EndOrphans(string dataPath)
    {
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), out int pid) || pid == Environment.ProcessId)
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(entry, "cmdline")).Contains(dataPath, StringComparison.Ordinal))
                {
                    using var orphan = System.Diagnostics.Process.GetProcessById(pid);
                    orphan.Kill();
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
            {
                // Gone meanwhile, or not ours to read.
            }
        }
    }

    [GeneratedRegex(@"certificate SHA-256: ([0-9A-F]{64})")]
    private static partial Regex FingerprintLine();
}
