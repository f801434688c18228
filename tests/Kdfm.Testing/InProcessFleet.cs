using System.Net;
using Kdfm.Simulator.Fleet;
using Kdfm.Simulator.Serving;
using Kdfm.Simulator.Web;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Security;

namespace Kdfm.Testing;

/// <summary>A kdfm-sim fleet served inside the test process, each on its own /24 of 127.21.0.0/16 so parallel tests never meet.</summary>
public sealed class InProcessFleet : IAsyncDisposable
{
    private static int _nextSubnet;

    internal InProcessFleet(FleetServer server, IReadOnlyList<SimulatedDevice> devices)
    {
        Server = server;
        Devices = devices;
    }

    internal FleetServer Server { get; }

    internal IReadOnlyList<SimulatedDevice> Devices { get; }

    /// <summary>The devices' web sites, once <see cref="StartWebAsync"/> started them.</summary>
    internal DeviceWebServer? Web { get; private set; }

    public IPEndPoint this[int index] => Devices[index].EndPoint;

    public int Count => Devices.Count;

    /// <summary>Replies the fleet has sent so far, all devices together.</summary>
    public long Replies => Server.Replies;

    /// <summary>The fleet's address range as first-last.</summary>
    public string RangeText { get; private init; } = string.Empty;

    /// <summary>Addresses of the devices that answer properly (normal or slow), or of all.</summary>
    public IReadOnlyList<string> Addresses(bool normalOrSlow) =>
        [.. Devices.Where(d => !normalOrSlow || d.Behaviour is DeviceBehaviour.Normal or DeviceBehaviour.Slow).Select(d => d.EndPoint.Address.ToString())];

    /// <summary>The walk file device <paramref name="index"/> serves.</summary>
    public string WalkOf(int index) => Devices[index].Walk;

    public static InProcessFleet Start(
        IReadOnlyList<string> walks, int? count = null, UsmUser? v3 = null, string community = "public", string? range = null, int? port = null) =>
        Start(walks, count, v3, community, null, range, port);

    internal static InProcessFleet Start(
        IReadOnlyList<string> walks, int? count, UsmUser? v3, string community, Func<FleetOptions, FleetOptions>? configure, string? range = null, int? port = null)
    {
        int subnet = Interlocked.Increment(ref _nextSubnet);
        var options = new FleetOptions(walks, AddressRange.Parse(range ?? $"127.21.{subnet}.0/24"), port ?? FreePort.Udp()) { Count = count };
        options = configure?.Invoke(options) ?? options;
        var (devices, _) = FleetBuilder.Build(options, Environment.TickCount64);
        var server = new FleetServer(new Secret(community), v3 is null ? null : MasterKeys.From(v3)) { SlowMilliseconds = options.SlowMilliseconds };
        server.Start(devices);
        return new InProcessFleet(server, devices) { RangeText = options.Range.ToString() };
    }

    /// <summary>
    /// Serves every device's web site as <c>kdfm-sim --http HTTP --https HTTPS</c> does (null: that scheme off), on the
    /// devices' own addresses, until the fleet is disposed.
    /// </summary>
    public async Task StartWebAsync(int? http, int? https)
    {
        Web = await DeviceWebServer.StartAsync(Devices, new WebPorts(http, https), CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Web is not null)
        {
            await Web.DisposeAsync().ConfigureAwait(false);
        }

        await Server.DisposeAsync().ConfigureAwait(false);
    }
}
