using System.Net;
using Akka.Actor;
using Akka.TestKit.Xunit2;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>
/// How a device settles another address's claim on its identity, with a test probe as its registry and a real printer
/// (or a silent address) as its primary. What the device did not send is proved by order: a later claim's answer comes
/// first.
/// </summary>
public sealed class ClaimTests() : TestKit(CollectorConfig.InMemoryStore.WithFallback(CollectorConfig.Defaults))
{
    private const string Key = "kyocera:VKD7100042";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly CollectorSettings Settings = new() { Timeout = TimeSpan.FromMilliseconds(300), Retries = 0, PollInterval = TimeSpan.FromMinutes(15) };
    private static readonly IPEndPoint B = new(IPAddress.Parse("127.21.248.2"), 161);
    private static readonly IPEndPoint C = new(IPAddress.Parse("127.21.248.3"), 161);

    private static ClaimAddress Claim(IPEndPoint at) =>
        new(at, CredentialProfile.V2c("public"), new DeviceSnapshot { Key = Key, Address = at.Address.ToString() });

    private async Task<(IActorRef Device, Akka.TestKit.TestProbe Registry, SnmpClient Client, ReadGate Gate)> DeviceAt(IPEndPoint primary, string name)
    {
        var client = new SnmpClient();
        var gate = new ReadGate(8);
        var registry = CreateTestProbe();
        var state = new DeviceState(Key, primary, CredentialProfile.V2c("public"), null, 0, false);
        var device = registry.ChildActorOf(DeviceActor.Props(state, null, client, gate, new LiveSettings(Settings), TimeProvider.System), name);
        await device.Ask<DeviceState>(new DeviceActor.GetDeviceState(), Wait); // recovered
        return (device, registry, client, gate);
    }

    [Fact]
    public async Task A_claim_of_the_devices_own_address_is_a_poll_and_a_claim_made_twice_is_settled_once()
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")]);
        var polled = CreateTestProbe();
        Sys.EventStream.Subscribe(polled.Ref, typeof(DevicePolled));
        var (device, registry, client, gate) = await DeviceAt(fleet[0], "own");
        await using var _ = client;
        using var __ = gate;

        device.Tell(Claim(fleet[0])); // its own address: read it, report nothing
        Assert.Equal(fleet[0], polled.ExpectMsg<DevicePolled>(Wait).EndPoint);
        device.Tell(Claim(B));
        device.Tell(Claim(B)); // the same claim twice (overlapping targets, two discovery runs)
        device.Tell(Claim(C));

        var first = registry.ExpectMsg<SameIdentityConfirmed>(Wait);
        var second = registry.ExpectMsg<SameIdentityConfirmed>(Wait);
        Assert.Equal([B, C], new[] { first.At, second.At }.OrderBy(e => e.ToString()));
        Assert.All(new[] { first, second }, c => Assert.Equal(fleet[0], c.Primary));

        // Nothing else was sent for B (nor for the device's own address): the answer to a new claim is the next message.
        device.Tell(Claim(new IPEndPoint(IPAddress.Parse("127.21.248.4"), 161)));
        Assert.Equal("127.21.248.4", registry.ExpectMsg<SameIdentityConfirmed>(Wait).At.Address.ToString());
    }

    [Fact]
    public async Task A_device_whose_primary_is_silent_moves_to_the_first_claimant_and_the_others_are_its_second_addresses()
    {
        var moved = CreateTestProbe();
        Sys.EventStream.Subscribe(moved.Ref, typeof(DeviceMoved));
        var silent = new IPEndPoint(IPAddress.Parse("127.21.248.9"), FreePort.Udp());
        var (device, registry, client, gate) = await DeviceAt(silent, "silent");
        await using var _ = client;
        using var __ = gate;

        device.Tell(Claim(B));
        device.Tell(Claim(C));

        var move = registry.ExpectMsg<MovedToClaimant>(Wait);
        Assert.Equal((B, silent), (move.At, move.From));
        var second = registry.ExpectMsg<SameIdentityConfirmed>(Wait);
        Assert.Equal((C, B), (second.At, second.Primary));
        Assert.Equal((silent, B), (moved.ExpectMsg<DeviceMoved>(Wait) is var m ? (m.From, m.To) : default));
        Assert.Equal(B, (await device.Ask<DeviceState>(new DeviceActor.GetDeviceState(), Wait)).EndPoint);
    }
}
