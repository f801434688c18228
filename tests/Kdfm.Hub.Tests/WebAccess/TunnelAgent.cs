using System.Diagnostics;
using Kdfm.Agent.V1;
using Kdfm.Testing;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kdfm.Hub.Tests.WebAccess;

/// <summary>
/// An agent as the hub sees it, for Device Web Access: activated with an SSH key made by OpenSSH's ssh-keygen, uploading
/// one reading of a device, taking the web-session task from Poll and opening the remote forward with SSH.NET (as the
/// collector's Tunnel does) to a port of the test's choosing.
/// </summary>
internal sealed class TunnelAgent : IDisposable
{
    private readonly TempDirectory _keys = new("kdfm-agent-key-");
    private readonly TestHub _hub;
    private readonly List<SshClient> _clients = [];

    private TunnelAgent(TestHub hub, string id, string credential, SshEndpoint ssh)
    {
        _hub = hub;
        Id = id;
        Credential = credential;
        Ssh = ssh;
    }

    public string Id { get; }

    public string Credential { get; }

    public SshEndpoint Ssh { get; }

    public string KeyPath => Path.Combine(_keys.Path, "id_ed25519");

    public const string DeviceKey = "HP:DWA0001";

    /// <summary>Activates an agent of <paramref name="tenant"/> with a fresh key and uploads a reading of <see cref="DeviceKey"/>.</summary>
    public static async Task<TunnelAgent> StartAsync(TestHub hub, string tenant, string address = "127.20.0.3")
    {
        await hub.TenantAsync(tenant);
        var keys = new TempDirectory("kdfm-agent-key-");
        string path = Path.Combine(keys.Path, "id_ed25519");
        Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test-agent", "-f", path);
        var response = await hub.Grpc().ActivateAsync(new ActivateRequest
        {
            Code = await hub.CodeAsync(tenant), HostName = "test", Version = "1", SshPublicKey = (await File.ReadAllTextAsync(path + ".pub")).Trim(),
        });
        Assert.NotNull(response.Ssh);
        var agent = new TunnelAgent(hub, response.AgentId, response.Credential, response.Ssh);
        File.Copy(path, agent.KeyPath);
        File.Copy(path + ".pub", agent.KeyPath + ".pub");
        keys.Dispose();
        var upload = new UploadRequest();
        upload.Readings.Add(TestSnapshots.Reading(1, DeviceKey, TestSnapshots.Json(DeviceKey, DateTimeOffset.UtcNow.AddMinutes(-1)).Replace("127.20.0.3", address, StringComparison.Ordinal)));
        Assert.Equal(1, (await hub.Grpc().UploadAsync(upload, TestHub.Auth(agent.Id, agent.Credential))).Stored);
        return agent;
    }

    /// <summary>The tasks waiting for this agent (a poll).</summary>
    public async Task<PollResponse> PollAsync(PollRequest? request = null) =>
        await _hub.Grpc().PollAsync(request ?? new PollRequest { Version = "1" }, TestHub.Auth(Id, Credential));

    public Task ReportAsync(string taskId, bool ok, string message) =>
        _hub.Grpc().ReportTaskResultAsync(new TaskResult { TaskId = taskId, Ok = ok, Message = message }, TestHub.Auth(Id, Credential)).ResponseAsync;

    /// <summary>An SSH connection to the hub's sshd as the agent, the hub's host key pinned.</summary>
    public SshClient Connect()
    {
        using var key = new PrivateKeyFile(KeyPath);
        var client = new SshClient(new ConnectionInfo("127.0.0.1", Ssh.Port, Ssh.User, new PrivateKeyAuthenticationMethod(Ssh.User, key)) { Timeout = TimeSpan.FromSeconds(10) });
        client.HostKeyReceived += (_, e) => e.CanTrust = $"{e.HostKeyName} {Convert.ToBase64String(e.HostKey)}" == Ssh.HostKey;
        _clients.Add(client);
        client.Connect();
        return client;
    }

    /// <summary>Connects and forwards the hub's <paramref name="listenPort"/> to <paramref name="targetHost"/>:<paramref name="targetPort"/>.</summary>
    public SshClient Forward(int listenPort, int targetPort, string targetHost = "127.0.0.1")
    {
        var client = Connect();
        var forward = new ForwardedPortRemote("127.0.0.1", (uint)listenPort, targetHost, (uint)targetPort);
        client.AddForwardedPort(forward);
        forward.Start();
        return client;
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            try
            {
                client.Dispose();
            }
            catch (SshException)
            {
                // A connection the hub has ended already.
            }
        }

        _keys.Dispose();
    }

    private static void Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{program}: {error}");
    }
}
