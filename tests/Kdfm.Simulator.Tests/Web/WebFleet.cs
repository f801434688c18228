using System.Net;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Web;

/// <summary>Seven demo devices (the five walks, then copies of the first two) with their web sites on free HTTP and HTTPS ports.</summary>
public sealed class WebFleet : IAsyncLifetime
{
    public InProcessFleet Fleet { get; private set; } = null!;

    public int HttpPort { get; } = FreePort.Tcp();

    public int HttpsPort { get; } = FreePort.Tcp();

    public Uri Http(int device, string path = "/") => new($"http://{Fleet[device].Address}:{HttpPort}{path}");

    public Uri Https(int device, string path = "/") => new($"https://{Fleet[device].Address}:{HttpsPort}{path}");

    public IPAddress Address(int device) => Fleet[device].Address;

    public async Task InitializeAsync()
    {
        Fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], count: 7);
        await Fleet.StartWebAsync(HttpPort, HttpsPort);
    }

    public async Task DisposeAsync() => await Fleet.DisposeAsync();
}
