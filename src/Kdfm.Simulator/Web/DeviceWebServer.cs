using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp.Addressing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Kdfm.Simulator.Web;

/// <summary>
/// Serves every device's web site (Kestrel) on the device's own address: one listener per device and scheme, so a
/// request to 127.20.0.5 is answered by device 127.20.0.5, whatever its Host header, and nothing listens beyond the
/// fleet's loopback addresses. Silent devices have no site, as they have no SNMP agent. HTTPS presents a
/// self-signed certificate per device (<see cref="DeviceCertificates"/>).
/// </summary>
internal sealed class DeviceWebServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DeviceCertificates _certificates;
    private int _disposed;

    private DeviceWebServer(WebApplication app, DeviceCertificates certificates, int sites)
    {
        _app = app;
        _certificates = certificates;
        Sites = sites;
    }

    /// <summary>How many devices have a site.</summary>
    public int Sites { get; }

    /// <summary>
    /// Binds every listener, then returns. A port that cannot be bound (in use, too many open files) throws
    /// <see cref="FleetConfigurationException"/> naming the option, the address and the port.
    /// </summary>
    public static async Task<DeviceWebServer> StartAsync(IEnumerable<SimulatedDevice> devices, WebPorts ports, CancellationToken cancellationToken)
    {
        var sites = devices.Where(d => d.Behaviour != DeviceBehaviour.Silent)
            .ToDictionary(d => AddressRange.ToUInt32(d.EndPoint.Address), d => new DeviceSite(d, DeviceFacts.Read(d.View)));
        var certificates = new DeviceCertificates(DateTimeOffset.UtcNow);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "kdfm-sim" });
        // Kestrel's warnings and errors (a handler's exception) to standard error; a failed start is ours to report, in one line.
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None);
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton<IHostLifetime, CommandLineLifetime>();
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            foreach (var site in sites.Values)
            {
                if (ports.Http is int http)
                {
                    kestrel.Listen(site.Address, http);
                }

                if (ports.Https is int https)
                {
                    kestrel.Listen(site.Address, https, listen => listen.UseHttps(new TlsHandshakeCallbackOptions
                    {
                        OnConnection = _ => ValueTask.FromResult(certificates.OptionsFor(site.Address)),
                    }));
                }
            }
        });
        builder.WebHost.UseSockets(o => o.CreateBoundListenSocket = endPoint => Bind(endPoint, ports));

        var app = builder.Build();
        new DevicePages(sites, new SessionTokens(RandomNumberGenerator.GetBytes(32))).Map(app);
        var server = new DeviceWebServer(app, certificates, sites.Count);
        bool started = false;
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            started = true;
            return server;
        }
        finally
        {
            if (!started)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>Kestrel's own bind, with a failure that names the listener (Kestrel's exception tells it in text only).</summary>
    private static Socket Bind(EndPoint endPoint, WebPorts ports)
    {
        try
        {
            return SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
        }
        catch (SocketException e)
        {
            var ip = (IPEndPoint)endPoint;
            throw new FleetConfigurationException(ports.OptionOf(ip.Port), $"cannot listen on {ip}: {e.SocketErrorCode}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _certificates.Dispose();
    }
}
