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
    public sealed record Started(WebApplication App, string Fingerprint, string AdminToken, Uri Url);

    public static Started Build(HubOptions options, Action<WebApplicationBuilder>? configure = null)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var certificate = HubCertificate.LoadOrCreate(options);
        string adminToken = AdminToken(options);
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
        return new Started(app, HubCertificate.Fingerprint(certificate), adminToken, url);
    }

    /// <summary>The configured admin token, else the one kept in the data directory (made on first start, owner-only).</summary>
    public static string AdminToken(HubOptions options)
    {
        if (!string.IsNullOrEmpty(options.AdminToken))
        {
            return options.AdminToken;
        }

        string path = Path.Combine(options.DataDirectory, "admin-token");
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        string token = Secrets.NewToken();
        OwnerOnly.WriteAllText(path, token + "\n");
        return token;
    }
}
