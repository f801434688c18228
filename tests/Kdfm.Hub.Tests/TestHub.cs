using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Grpc.Core;
using Grpc.Net.Client;
using Kdfm.Agent.V1;
using Kdfm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests;

/// <summary>A hub in this process on free loopback ports with its own data directory, and clients that pin its certificate.</summary>
public sealed class TestHub : IAsyncDisposable
{
    private readonly TempDirectory _data;
    private readonly List<GrpcChannel> _channels = [];

    private TestHub(TempDirectory data, HubOptions options, HubApp.Started started)
    {
        _data = data;
        Options = options;
        Started = started;
        Api = new HttpClient(PinnedHandler(started.Fingerprint)) { BaseAddress = started.Url };
        Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", started.AdminToken);
    }

    public HubOptions Options { get; }

    public HubApp.Started Started { get; }

    public Uri Url => Started.Url;

    public HttpClient Api { get; }

    /// <param name="host">More services for the hub (a clock of the test's own, a log capture).</param>
    public static async Task<TestHub> StartAsync(Action<HubOptions>? configure = null, Action<WebApplicationBuilder>? host = null)
    {
        var data = new TempDirectory("kdfm-hub-");
        var options = new HubOptions { DataDirectory = data.Path, HttpsPort = FreePort.Tcp(), MqttTlsPort = FreePort.Tcp() };
        // Device Web Access starts an sshd: only the tests of it turn it on (WebAccessHub).
        options.DeviceWebAccess.SshListen = string.Empty;
        configure?.Invoke(options);
        var started = HubApp.Build(options, host);
        await started.App.StartAsync();
        return new TestHub(data, options, started);
    }

    public static SocketsHttpHandler PinnedHandler(string fingerprint) => new()
    {
        SslOptions =
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                certificate is not null && Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData())) == fingerprint,
        },
    };

    /// <summary>
    /// The customer <paramref name="name"/> (under the dealer "test-dealer"), made if it is not there yet: codes and agents
    /// belong to a tenant of the tree.
    /// </summary>
    public Task<int> TenantAsync(string name, string kind = Kdfm.Hub.Storage.TenantKinds.Customer, string? parent = null) => WithDbAsync(async db =>
    {
        var found = await db.Tenants.FirstOrDefaultAsync(t => t.Name == name);
        if (found is not null)
        {
            return found.Id;
        }

        int? parentId = null;
        if (kind != Kdfm.Hub.Storage.TenantKinds.Dealer)
        {
            parentId = await TenantAsync(parent ?? "test-dealer", parent is null ? Kdfm.Hub.Storage.TenantKinds.Dealer : Kdfm.Hub.Storage.TenantKinds.Customer);
        }

        var tenant = new Kdfm.Hub.Storage.Tenant { Name = name, Kind = kind, ParentId = parentId };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync();
        return tenant.Id;
    });

    /// <summary>A portal user with a password set (as if they had used their link): the role by its name, the tenant made if needed.</summary>
    public async Task<Kdfm.Hub.Storage.PortalUser> UserAsync(string email, string tenant, string role, string password = "a long test password", string kind = Kdfm.Hub.Storage.TenantKinds.Customer,
        string? parent = null)
    {
        await TenantAsync(tenant, kind, parent);
        using var scope = Started.App.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<Kdfm.Hub.Portal.Accounts.AccountAdmin>();
        var added = await admin.AddUserAsync(Kdfm.Hub.Access.Actor.Operator, email, tenant, role, null, CancellationToken.None);
        Assert.True(added.Succeeded, added.Problem);
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Kdfm.Hub.Storage.PortalUser>>();
        var set = await users.ResetPasswordAsync(added.Value.User, added.Value.PasswordToken, password);
        Assert.True(set.Succeeded, string.Join(" ", set.Errors.Select(e => e.Description)));
        return added.Value.User;
    }

    /// <summary>A role of <paramref name="tenant"/>'s own (made if needed) with exactly <paramref name="permissions"/>; its id.</summary>
    public async Task<int> RoleAsync(string name, string tenant, Kdfm.Hub.Access.Permission permissions)
    {
        int tenantId = await TenantAsync(tenant);
        return await WithDbAsync(async db =>
        {
            var role = new Kdfm.Hub.Storage.PortalRole { Name = name, TenantId = tenantId, Permissions = permissions };
            db.Roles.Add(role);
            await db.SaveChangesAsync();
            return role.Id;
        });
    }

    /// <summary>An API client with a personal token of <paramref name="user"/> (their permissions and scope).</summary>
    public async Task<HttpClient> ApiAsAsync(Kdfm.Hub.Storage.PortalUser user)
    {
        using var scope = Started.App.Services.CreateScope();
        var admin = scope.ServiceProvider.GetRequiredService<Kdfm.Hub.Portal.Accounts.AccountAdmin>();
        var fresh = await scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<Kdfm.Hub.Storage.PortalUser>>().FindByIdAsync(user.Id);
        var made = await admin.AddTokenAsync(Kdfm.Hub.Access.Actor.Operator, fresh!, "test", 1, CancellationToken.None);
        Assert.True(made.Succeeded, made.Problem);
        var client = new HttpClient(PinnedHandler(Started.Fingerprint)) { BaseAddress = Url };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", made.Value.Secret);
        return client;
    }

    public async Task<string> CodeAsync(string tenant = "default")
    {
        await TenantAsync(tenant);
        var response = await Api.PostAsJsonAsync("api/v1/codes", new { tenant });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<CodeResponse>())!.Code;
    }

    public AgentService.AgentServiceClient Grpc() => Grpc(PinnedHandler(Started.Fingerprint));

    /// <summary>A client whose connections leave from <paramref name="source"/> (another loopback address: the hub sees another peer).</summary>
    public AgentService.AgentServiceClient GrpcFrom(IPAddress source)
    {
        var handler = PinnedHandler(Started.Fingerprint);
        handler.ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(source, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        };
        return Grpc(handler);
    }

    private AgentService.AgentServiceClient Grpc(HttpMessageHandler handler)
    {
        var channel = GrpcChannel.ForAddress(Url, new GrpcChannelOptions { HttpHandler = handler });
        _channels.Add(channel);
        return new AgentService.AgentServiceClient(channel);
    }

    public async Task<(string AgentId, string Credential)> ActivateAsync(string tenant = "default")
    {
        var response = await Grpc().ActivateAsync(new ActivateRequest { Code = await CodeAsync(tenant), HostName = "test", Version = "1" });
        return (response.AgentId, response.Credential);
    }

    /// <summary>Runs <paramref name="work"/> on the hub's own store (to look at it, or to damage it on purpose).</summary>
    public async Task<T> WithDbAsync<T>(Func<Kdfm.Hub.Storage.HubDb, Task<T>> work)
    {
        using var scope = Started.App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<Kdfm.Hub.Storage.HubDb>());
    }

    public static Metadata Auth(string agentId, string credential) => new() { { "x-kdfm-agent-id", agentId }, { "x-kdfm-agent-credential", credential } };

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        Api.Dispose();
        await Started.App.StopAsync();
        await Started.App.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _data.Dispose();
    }

    private sealed record CodeResponse(string Code, string Tenant);
}
