using System.Net;
using Kdfm.Collector.Polling;
using Kdfm.Simulator.Fleet;
using Kdfm.Simulator.Serving;
using Kdfm.Snmp;
using Kdfm.Snmp.Addressing;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Benchmarks.Printers;

/// <summary>
/// What reading one printer costs on the wire: the poll plan (a snapshot) next to a full walk of 1.3.6.1, per device,
/// over the corpus and the demo walks served by kdfm-sim in this process.
/// </summary>
internal static class PollPlanCost
{
    public static async Task<int> RunAsync()
    {
        var demo = Path.Combine(AppContext.BaseDirectory, "walks");
        var files = CorpusFiles.Walks().Concat(Directory.EnumerateFiles(demo, "*.snmprec").Order(StringComparer.Ordinal)).ToList();
        var options = new FleetOptions(files, AddressRange.Parse("127.24.0.0/24"), 17000 + Random.Shared.Next(2000));
        var (devices, _) = FleetBuilder.Build(options, Environment.TickCount64);
        await using var server = new FleetServer(new Secret("public"), null);
        server.Start(devices);

        long planRequests = 0, planBytes = 0, walkRequests = 0, walkBytes = 0, rows = 0;
        long heavyPlanRequests = 0, heavyPlanBytes = 0, heavyWalkRequests = 0, heavyWalkBytes = 0;
        int heavy = 0;
        Console.WriteLine($"Poll plan vs full walk, {devices.Count} devices (v2c, GETBULK max-repetitions 25)");
        foreach (var device in devices)
        {
            var target = SnmpTarget.V2c(device.EndPoint, "public") with { Timeout = TimeSpan.FromSeconds(2), Retries = 1 };
            long devicePlanRequests, devicePlanBytes;
            await using (var client = new SnmpClient())
            {
                var snapshot = await DeviceReader.ReadAsync(client, target, TimeProvider.System, CancellationToken.None);
                if (!snapshot.IsSuccess)
                {
                    Console.WriteLine($"  {device.Walk}: {snapshot.Error!.Describe()}");
                    continue;
                }

                devicePlanRequests = client.Statistics.RequestsSent;
                devicePlanBytes = client.Statistics.BytesSent + client.Statistics.BytesReceived;
                planRequests += devicePlanRequests;
                planBytes += devicePlanBytes;
            }

            await using (var client = new SnmpClient())
            {
                var walk = await client.WalkAsync(target, Oid.Parse("1.3.6.1"));
                walkRequests += client.Statistics.RequestsSent;
                walkBytes += client.Statistics.BytesSent + client.Statistics.BytesReceived;
                rows += walk.IsSuccess ? walk.Value.Rows.Length : 0;
                if (walk.IsSuccess && walk.Value.Rows.Length > 1000)
                {
                    // A complete recording (thousands of rows), as a real printer answers a full walk.
                    heavy++;
                    heavyPlanRequests += devicePlanRequests;
                    heavyPlanBytes += devicePlanBytes;
                    heavyWalkRequests += client.Statistics.RequestsSent;
                    heavyWalkBytes += client.Statistics.BytesSent + client.Statistics.BytesReceived;
                }
            }
        }

        int n = devices.Count;
        Console.WriteLine();
        Console.WriteLine("| per device | requests | bytes on the wire |");
        Console.WriteLine("|---|---:|---:|");
        Console.WriteLine($"| poll plan (snapshot) | {(double)planRequests / n:F1} | {planBytes / n:N0} |");
        Console.WriteLine($"| full walk of 1.3.6.1 ({rows / n:N0} rows on average, {heavy} walks over 1,000 rows) | {(double)walkRequests / n:F1} | {walkBytes / n:N0} |");
        Console.WriteLine($"| ratio plan / walk | {(double)planRequests / walkRequests:F2} | {(double)planBytes / walkBytes:F2} |");
        if (heavy > 0)
        {
            Console.WriteLine($"| complete recordings only ({heavy}): poll plan | {(double)heavyPlanRequests / heavy:F1} | {heavyPlanBytes / heavy:N0} |");
            Console.WriteLine($"| complete recordings only ({heavy}): full walk | {(double)heavyWalkRequests / heavy:F1} | {heavyWalkBytes / heavy:N0} |");
        }
        return 0;
    }
}
