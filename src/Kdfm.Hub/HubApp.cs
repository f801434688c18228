using System.Net;
using System.Security.Authentication;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Api;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
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

        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Bodies are read before the API's token is checked: the read API takes small JSON. gRPC calls get their
            // method's limit from AgentCallGate.
            kestrel.Limits.MaxRequestBodySize = 1024 * 1024;
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
        builder.Services.AddDbContext<HubDb>(db => HubStorage.Configure(db, options));
        builder.Services.AddScoped<Enrolment>();
        builder.Services.AddSingleton<EnrolmentRateLimiter>();
        builder.Services.AddScoped<PendingTaskSecrets>();
        builder.Services.AddScoped<AgentRevocation>();
        builder.Services.AddHostedService<PendingSecretExpiry>();
        builder.Services.AddScoped<AgentAuthenticator>();
        // AgentCallGate refuses a bigger message from its length prefix, and compressed ones; this is the second line.
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = AgentCallGate.UploadMaxBytes(options));
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
        app.UseAgentCallGate(options);
        app.MapGrpcService<AgentGrpcService>();
        app.MapAgentMqtt();
        app.MapReadApi(adminToken);
        var url = new Uri($"https://{(address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{address}]" : address.ToString())}:{options.HttpsPort}/");
        return new Started(app, HubCertificate.Fingerprint(certificate), adminToken, adminTokenSource, url);
    }

    public static string AdminTokenPath(HubOptions options) => Path.Combine(options.DataDirectory, "admin-token");

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

        return (token, source);
    }

    private static void PrepareDataDirectory(HubOptions options)
    {
        try
        {
            OwnerOnlyFiles.PrepareDirectory(options.DataDirectory);
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
        Check(options.PendingSecretHours > 0, $"Hub:PendingSecretHours: {options.PendingSecretHours} is not a positive number of hours");
    }
}
