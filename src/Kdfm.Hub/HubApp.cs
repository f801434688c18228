using System.Net;
using System.Security.Authentication;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Api;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Portal;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Kdfm.Hub.WebAccess;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MQTTnet.AspNetCore;

namespace Kdfm.Hub;

/// <summary>
/// The hub as one ASP.NET Core application: Kestrel with TLS 1.2/1.3 only, serving the agents' gRPC service, the read
/// API and MQTT over WebSockets on /mqtt on one port, and MQTT over TLS on another; EF Core storage.
/// </summary>
public static class HubApp
{
    /// <summary>The built hub; <paramref name="AdminTokenSource"/> says where the token is (its file, or Hub:AdminToken), never the token.</summary>
    public sealed record Started(WebApplication App, string Fingerprint, string AdminToken, string AdminTokenSource, Uri Url);

    public const int MinimumAdminTokenLength = 32;

    /// <summary>The largest request body but a gRPC message: the read API's JSON.</summary>
    public const int MaxApiBodyBytes = 64 * 1024;

    public static Started Build(HubOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        Validate(options);
        PrepareDataDirectory(options);
        var certificate = HubCertificate.LoadOrCreate(options);
        var (adminToken, adminTokenSource) = AdminToken(options);
        if (!IPAddress.TryParse(options.ListenAddress, out var address))
        {
            throw new Cli.HubConfigurationException($"Hub:ListenAddress: '{options.ListenAddress}' is not an IP address");
        }

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [], ContentRootPath = AppContext.BaseDirectory,
            ApplicationName = typeof(HubApp).Assembly.GetName().Name, // the portal's pages are found in this assembly, also when a test host starts it
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Every request body but a gRPC message (AgentCallGate raises the limit to its method's) is small JSON for the
            // read API: a set-config with its profiles is a few KB.
            kestrel.Limits.MaxRequestBodySize = MaxApiBodyBytes;
            kestrel.Listen(address, options.HttpsPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
            });
            if (options.MqttTlsPort > 0 && string.IsNullOrEmpty(options.ExternalBroker))
            {
                kestrel.Listen(address, options.MqttTlsPort, listen =>
                {
                    listen.UseHttps(certificate, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
                    listen.UseAgentMqtt();
                });
            }
        });
        // EF Core logs every command at Information: the hub's own lines are what an operator needs.
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Logging.AddFilter("MQTTnet", LogLevel.Warning);
        // A port in use is said in one line by `serve`; the host's own stack trace adds nothing.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.Critical);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(options));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddHubStorage(options);
        builder.Services.AddReadingStore(options);
        builder.Services.AddPortal(options, adminToken);
        builder.Services.AddScoped<Enrolment>();
        builder.Services.AddSingleton<EnrolmentRateLimiter>();
        builder.Services.AddScoped<PendingTaskSecrets>();
        builder.Services.AddScoped<AgentRevocation>();
        builder.Services.AddScoped<AgentActions>();
        builder.Services.AddScoped<PingTasks>();
        builder.Services.AddHostedService<AgentHousekeeping>();
        builder.Services.AddSingleton<SecretsCheckpoint>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SecretsCheckpoint>());
        builder.Services.AddScoped<AgentAuthenticator>();
        builder.Services.AddFleet();
        builder.Services.AddSingleton<AgentCallSlots>();
        builder.Services.AddSingleton<LogThrottle>();
        builder.Services.AddSingleton(new WebAccess.HubTls(certificate));
        builder.Services.AddSingleton<WebAccess.SshServer>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebAccess.SshServer>());
        builder.Services.AddSingleton<WebAccess.AccessLogWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<WebAccess.AccessLogWriter>());
        builder.Services.AddSingleton<WebAccess.SessionProxies>();
        builder.Services.AddScoped<WebAccess.WebSessions>();
        builder.Services.AddScoped<WebAccess.WebAccessPanel>();
        builder.Services.AddHostedService<WebAccess.WebSessionJob>();
        builder.Services.AddGrpc(grpc =>
        {
            // AgentCallGate refuses a bigger message from its length prefix; this is the second line.
            grpc.MaxReceiveMessageSize = AgentCallGate.UploadMaxBytes(options);
            // No decompression at all: grpc-dotnet decompresses into an unbounded buffer, so a small gzip could expand to
            // gigabytes. The gate refuses compressed messages; without providers gRPC would too.
            grpc.CompressionProviders.Clear();
            grpc.ResponseCompressionAlgorithm = null;
        });
        builder.Services.AddHostedMqttServer(mqtt => mqtt.WithoutDefaultEndpoint());
        builder.Services.AddMqttConnectionHandler();
        builder.Services.AddConnections();
        builder.Services.AddSingleton<AgentBroker>();
        builder.Services.AddSingleton<SizeLimitedMqttConnectionHandler>();
        if (string.IsNullOrEmpty(options.ExternalBroker))
        {
            builder.Services.AddSingleton<ITaskNotifier>(sp => sp.GetRequiredService<AgentBroker>());
        }
        else
        {
            builder.Services.AddSingleton<ITaskNotifier, ExternalBrokerNotifier>();
        }

        configure?.Invoke(builder);
        var app = builder.Build();
        using (var scope = app.Services.CreateScope())
        {
            HubStorage.Prepare(scope.ServiceProvider.GetRequiredService<HubDb>());
        }

        var broker = app.Services.GetRequiredService<AgentBroker>();
        app.UseMqttServer(broker.Attach);
        app.UseWebSockets();
        app.UsePortalStatusPages();
        // Routing first: the gate and the API's token check decide by the endpoint a request reaches, not by its path.
        app.UseRouting();
        app.UseAgentCallGate(options);
        app.UsePortal();
        app.MapGrpcService<AgentGrpcService>();
        app.MapAgentMqtt();
        app.MapReadApi();
        app.MapWebSessionRoutes();
        var url = new Uri($"https://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{options.HttpsPort}/");
        return new Started(app, HubCertificate.Fingerprint(certificate), adminToken, adminTokenSource, url);
    }

    public static string AdminTokenPath(HubOptions options) => Path.Combine(options.DataDirectory, "admin-token");

    /// <summary>
    /// The token as an HTTP header line, owner-only beside the token file: <c>curl -H @FILE</c> reads it, so the token is
    /// never on a command line (which any user of the machine sees in ps).
    /// </summary>
    public static string AdminTokenHeaderPath(HubOptions options) => Path.Combine(options.DataDirectory, "admin-token.header");

    /// <summary>
    /// The configured admin token (Hub:AdminToken), else the one kept in the data directory (made on first start,
    /// owner-only), with where it came from. A token under <see cref="MinimumAdminTokenLength"/> characters stops the start.
    /// </summary>
    public static (string Token, string Source) AdminToken(HubOptions options)
    {
        string token, source;
        string path = AdminTokenPath(options);
        if (!string.IsNullOrEmpty(options.AdminToken))
        {
            (token, source) = (options.AdminToken.Trim(), "Hub:AdminToken");
        }
        else if (File.Exists(path))
        {
            (token, source) = (File.ReadAllText(path).Trim(), path);
        }
        else
        {
            token = Secrets.NewToken();
            OwnerOnly.WriteAllText(path, token + "\n");
            source = path;
        }

        if (token.Length < MinimumAdminTokenLength)
        {
            throw new Cli.HubConfigurationException(source == path
                ? $"{path}: the admin token has {token.Length} characters, at least {MinimumAdminTokenLength} are needed (delete the file to have one made, or set Hub:AdminToken)"
                : $"Hub:AdminToken: the admin token has {token.Length} characters, at least {MinimumAdminTokenLength} are needed");
        }

        // Only for the token file: a token given in the configuration is not written to disk by the hub.
        string headerPath = AdminTokenHeaderPath(options);
        string header = $"Authorization: Bearer {token}\n";
        if (source == path && (!File.Exists(headerPath) || File.ReadAllText(headerPath) != header || (!OperatingSystem.IsWindows() && File.GetUnixFileMode(headerPath) != OwnerOnlyFiles.FileMode)))
        {
            OwnerOnly.WriteAllText(headerPath, header);
        }

        return (token, source);
    }

    /// <summary>The data directory made (or kept) owner-only; a directory the hub may not narrow stops the start in one line.</summary>
    internal static void PrepareDataDirectory(HubOptions options)
    {
        try
        {
            OwnerOnlyFiles.PrepareDirectory(options.DataDirectory);
        }
        catch (DataDirectoryRefusedException e)
        {
            throw new Cli.HubConfigurationException($"Hub:DataDirectory: {options.DataDirectory}: refused: {e.Message}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Cli.HubConfigurationException($"Hub:DataDirectory: {options.DataDirectory}: cannot create it or make it owner-only: {e.Message}");
        }
    }

    /// <summary>The settings that have a range, each named by its key when out of it.</summary>
    private static void Validate(HubOptions options)
    {
        static void Check(bool ok, string message)
        {
            if (!ok)
            {
                throw new Cli.HubConfigurationException(message);
            }
        }

        Check(options.MqttMaxPacketKilobytes is > 0 and <= 256 * 1024, $"Hub:MqttMaxPacketKilobytes: {options.MqttMaxPacketKilobytes} is not between 1 and 262144");
        Check(options.UploadMaxMegabytes is > 0 and <= 1024, $"Hub:UploadMaxMegabytes: {options.UploadMaxMegabytes} is not between 1 and 1024");
        Check(options.EnrolmentAttemptsPerMinute >= 0, $"Hub:EnrolmentAttemptsPerMinute: {options.EnrolmentAttemptsPerMinute} is negative (0 = no limit)");
        Check(options.EnrolmentFailuresPerMinute >= 0, $"Hub:EnrolmentFailuresPerMinute: {options.EnrolmentFailuresPerMinute} is negative (0 = no cap)");
        Check(options.AuditDays >= Portal.Accounts.AccountHousekeeping.MinimumAuditDays,
            $"Hub:AuditDays: {options.AuditDays} is under {Portal.Accounts.AccountHousekeeping.MinimumAuditDays} (the idle-account rule reads re-enabled accounts from the audit log)");
        var access = options.DeviceWebAccess;
        Check(access.SessionMinutes > 0 && access.SessionMinutes <= access.MaxSessionMinutes && access.MaxSessionMinutes <= 24 * 60,
            $"Hub:DeviceWebAccess: SessionMinutes {access.SessionMinutes} must be between 1 and MaxSessionMinutes {access.MaxSessionMinutes} (at most 1440)");
        Check(DeviceWebAccessOptions.ParsePorts(access.AllowedPorts).Problem is null, $"Hub:DeviceWebAccess:AllowedPorts: {DeviceWebAccessOptions.ParsePorts(access.AllowedPorts).Problem}");
        Check(DeviceWebAccessOptions.ParsePorts(access.HttpsPorts).Problem is null, $"Hub:DeviceWebAccess:HttpsPorts: {DeviceWebAccessOptions.ParsePorts(access.HttpsPorts).Problem}");
        Check(access.MaxSessionsPerAgent > 0 && access.MaxSessionsPerTenant > 0, "Hub:DeviceWebAccess: MaxSessionsPerAgent and MaxSessionsPerTenant must be positive");
        if (access.Enabled)
        {
            try
            {
                SshServer.ParseListen(access.SshListen);
                SessionProxies.ProxyPortCandidates(access.ProxyPorts);
            }
            catch (WebAccessUnavailableException e)
            {
                throw new Cli.HubConfigurationException(e.Message);
            }
        }

        Check(options.PendingSecretHours > 0, $"Hub:PendingSecretHours: {options.PendingSecretHours} is not a positive number of hours");
        if (!string.IsNullOrEmpty(options.ExternalBroker))
        {
            var (host, port) = ExternalBrokerNotifier.HostAndPort(options.ExternalBroker);
            Check(host.Length > 0 && port is > 0 and <= 65535, $"Hub:ExternalBroker: '{options.ExternalBroker}' is not host:port");
            // The hub logs in with ExternalBrokerPassword: in plain MQTT, anyone on the path reads it.
            Check(options.ExternalBrokerTls || IsLoopback(host),
                $"Hub:ExternalBrokerTls: false sends the broker password in clear; allowed only to a broker on loopback, not {host} (Hub:ExternalBroker)");
        }
    }

    /// <summary>localhost, or an address in 127.0.0.0/8 or ::1 (a name other than localhost could resolve anywhere).</summary>
    private static bool IsLoopback(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var address) && IPAddress.IsLoopback(address));
}
