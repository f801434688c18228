using System.Net;
using Kdfm.Simulator.Fleet;
using Kdfm.Simulator.Serving;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Serving;

/// <summary>A kdfm-sim fleet served inside the test process, each on its own /24 of 127.21.0.0/16 so parallel tests never meet.</summary>
internal sealed class InProcessFleet : IAsyncDisposable
{
    private static int _nextSubnet;

    private InProcessFleet(FleetServer server, IReadOnlyList<SimulatedDevice> devices)
    {
        Server = server;
        Devices = devices;
    }

    public FleetServer Server { get; }

    public IReadOnlyList<SimulatedDevice> Devices { get; }

    public IPEndPoint this[int index] => Devices[index].EndPoint;

    public static InProcessFleet Start(
        IReadOnlyList<string> walks, int? count = null, UsmUser? v3 = null, string community = "public", Func<FleetOptions, FleetOptions>? configure = null)
    {
        int subnet = Interlocked.Increment(ref _nextSubnet);
        var options = new FleetOptions(walks, AddressRange.Parse($"127.21.{subnet}.0/24"), FreePort.Udp()) { Count = count };
        options = configure?.Invoke(options) ?? options;
        var (devices, _) = FleetBuilder.Build(options, Environment.TickCount64);
        var server = new FleetServer(new Secret(community), v3 is null ? null : MasterKeys.From(v3)) { SlowMilliseconds = options.SlowMilliseconds };
        server.Start(devices);
        return new InProcessFleet(server, devices);
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
