using Kdfm.Simulator.Fleet;
using Kdfm.Snmp;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Serving;

/// <summary>The faults kdfm-sim injects, seen from our client, with healthy devices unaffected.</summary>
public class FaultTests
{
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    [Fact]
    public async Task Silent_slow_and_garbage_devices_behave_as_asked_while_the_others_answer()
    {
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], 200, null, "public",
            o => o with { SilentFraction = 0.1, SlowFraction = 0.1, SlowMilliseconds = 300, GarbageFraction = 0.1 });
        await using var client = new SnmpClient();
        var results = await Task.WhenAll(fleet.Devices.Select(async d =>
        {
            // A generous timeout: on two busy cores a cold start can delay any reply by hundreds of milliseconds.
            var target = SnmpTarget.V2c(d.EndPoint, "public") with { Timeout = TimeSpan.FromSeconds(3), Retries = 0 };
            var started = Environment.TickCount64;
            var result = await client.GetAsync(target, [SysName]);
            return (Device: d, Result: result, Elapsed: Environment.TickCount64 - started);
        }));

        foreach (var (device, result, elapsed) in results)
        {
            switch (device.Behaviour)
            {
                case DeviceBehaviour.Silent or DeviceBehaviour.Garbage:
                    Assert.IsType<TimeoutError>(result.Error);
                    break;
                case DeviceBehaviour.Slow:
                    Assert.True(result.IsSuccess, result.ToString());
                    Assert.True(elapsed >= 290, $"a slow device answered in {elapsed} ms");
                    break;
                default:
                    Assert.True(result.IsSuccess, $"{device.EndPoint}: {result}");
                    break;
            }
        }

        int garbage = fleet.Devices.Count(d => d.Behaviour == DeviceBehaviour.Garbage);
        Assert.True(garbage > 0);
        Assert.Equal(garbage, client.Statistics.MalformedDatagrams);
        Assert.Equal(0, fleet.Server.Failures);
    }

    [Fact]
    public async Task Copies_of_a_walk_are_distinct_devices()
    {
        await using var fleet = InProcessFleet.Start([Path.Combine(RepositoryPaths.DemoWalks, "demo-kyocera-m2999dn.snmprec")], count: 3);
        await using var client = new SnmpClient();
        var serial = Oid.Parse("1.3.6.1.2.1.43.5.1.1.17.1");
        var mac = Oid.Parse("1.3.6.1.2.1.2.2.1.6.1");
        var answers = new List<(string, string)>();
        foreach (var device in fleet.Devices)
        {
            var get = await client.GetAsync(SnmpTarget.V2c(device.EndPoint, "public"), [serial, mac]);
            answers.Add((get.Value.VarBinds[0].Value.ToString(), get.Value.VarBinds[1].Value.ToString()));
        }

        Assert.Equal("VKD7100042", answers[0].Item1);
        Assert.Equal(3, answers.Select(a => a.Item1).Distinct().Count());
        Assert.Equal(3, answers.Select(a => a.Item2).Distinct().Count());
        Assert.All(answers, a => Assert.StartsWith("00 17 C8", a.Item2, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_wrong_community_gets_no_answer_and_malformed_requests_are_counted()
    {
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        await using var client = new SnmpClient();
        var wrong = SnmpTarget.V2c(fleet[0], "private") with { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 };
        Assert.IsType<TimeoutError>((await client.GetAsync(wrong, [SysName])).Error);

        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Dgram, System.Net.Sockets.ProtocolType.Udp);
        socket.SendTo(new byte[] { 0x30, 0x84, 0xFF, 0xFF }, fleet[0]);
        await Eventually.True(() => fleet.Server.Malformed > 0, "the malformed datagram counted");

        Assert.Equal(1, fleet.Server.Malformed);
        Assert.True((await client.GetAsync(SnmpTarget.V2c(fleet[0], "public"), [SysName])).IsSuccess);
    }
}
