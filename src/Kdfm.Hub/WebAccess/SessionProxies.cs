using System.Collections.Concurrent;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Yarp.ReverseProxy.Forwarder;

namespace Kdfm.Hub.WebAccess;

/// <summary>The hub's TLS certificate, for the sessions' origins.</summary>
public sealed record HubTls(X509Certificate2 Certificate);

/// <summary>
/// Each session's own browser origin: a Kestrel listener on its own port of the hub (so the printer's pages, cookies
/// and scripts are another origin than the portal's), started when the session opens and stopped when it ends. Every
/// request goes through <see cref="SessionGate"/>, then YARP's forwarder to the tunnel's port.
/// </summary>
public sealed class SessionProxies(HubOptions options, HubTls tls, IServiceScopeFactory scopes, AccessLogWriter accessLog, ILogger<SessionProxies> logger) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, WebApplication> _running = new(StringComparer.Ordinal);

    /// <summary>Starts the session's origin; returns its port.</summary>
    public async Task<int> StartAsync(WebSession session, CancellationToken cancellationToken)
    {
        var settings = options.DeviceWebAccess;
        string listen = string.IsNullOrWhiteSpace(settings.ProxyListen) ? options.ListenAddress : settings.ProxyListen;
        if (!IPAddress.TryParse(listen, out var address))
        {
            throw new WebAccessUnavailableException($"Hub:DeviceWebAccess:ProxyListen: '{listen}' is not an IP address");
        }

        var candidates = ProxyPortCandidates(settings.ProxyPorts);
        var used = _running.Values.Select(PortOf).ToHashSet();
        foreach (int candidate in candidates.Where(p => !used.Contains(p)))
        {
            var app = Build(session, address, candidate);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (IOException) when (candidate != 0)
            {
                await app.DisposeAsync().ConfigureAwait(false);
                continue; // taken by something else: the next one
            }

            _running[session.Id] = app;
            return PortOf(app);
        }

        throw new WebAccessUnavailableException($"no free port for the session's origin in Hub:DeviceWebAccess:ProxyPorts {settings.ProxyPorts}: close a session");
    }

    public async Task StopAsync(string sessionId)
    {
        if (_running.TryRemove(sessionId, out var app))
        {
            try
            {
                await app.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(2)).Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Requests still running are cut.
            }

            await app.DisposeAsync().ConfigureAwait(false);
        }
    }

    public bool IsRunning(string sessionId) => _running.ContainsKey(sessionId);

    public async ValueTask DisposeAsync()
    {
        foreach (string id in _running.Keys.ToList())
        {
            await StopAsync(id).ConfigureAwait(false);
        }
    }

    private WebApplication Build(WebSession session, IPAddress address, int port)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024; // a firmware upload through a printer's page
            kestrel.AddServerHeader = false;
            kestrel.Listen(address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(tls.Certificate, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13);
            });
        });
        builder.Services.AddHttpForwarder();
        var app = builder.Build();
        var forwarder = app.Services.GetRequiredService<IHttpForwarder>();
        var gate = new SessionGate(session.Id, session.ForwardPort, session.Port, session.Address,
            DeviceWebAccessOptions.ParsePorts(options.DeviceWebAccess.HttpsPorts).Ports.Contains(session.Port), scopes, forwarder, accessLog, logger);
        app.Run(gate.HandleAsync);
        app.Lifetime.ApplicationStopped.Register(gate.Dispose);
        return app;
    }

    private static int PortOf(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.Replace("[::]", "localhost", StringComparison.Ordinal)).Port;
    }

    /// <summary>The ports to try: "first-last" of Hub:DeviceWebAccess:ProxyPorts, or any free one (0).</summary>
    public static IReadOnlyList<int> ProxyPortCandidates(string range)
    {
        if (string.IsNullOrWhiteSpace(range))
        {
            return [0];
        }

        string[] parts = range.Split('-', StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && int.TryParse(parts[0], out int first) && int.TryParse(parts[1], out int last) && first is > 0 and <= 65535 && last >= first && last <= 65535)
        {
            return [.. Enumerable.Range(first, last - first + 1)];
        }

        throw new WebAccessUnavailableException($"Hub:DeviceWebAccess:ProxyPorts: '{range}' is not first-last (e.g. 9400-9499)");
    }
}
