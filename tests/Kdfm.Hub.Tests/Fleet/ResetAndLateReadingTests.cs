using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>
/// Issue 14 at the hub across uploads: a replaced board re-baselines billing instead of freezing it (and a period with an
/// undecided reset has no pages), and a late reading is checked against the readings before its own time, the stored
/// readings after it checked again.
/// </summary>
public sealed class ResetAndLateReadingTests
{
    private const string Key = "kyocera:LVX0000002";

    private static string Snapshot(int day, long total) => JsonSerializer.Serialize(new
    {
        key = Key, collectedAt = (Now - TimeSpan.FromDays(day)).ToString("O"), vendor = "Kyocera", serial = "LVX0000002",
        counters = new object[] { new { name = "total", value = total, oid = "1.3.6.1.2.1.43.10.2.1.4.1.1" } },
    });

    private sealed class Collector(TestHub hub, string agent, string credential)
    {
        private long _sequence;

        /// <summary>One upload of (days before <see cref="FleetData.Now"/>, total) readings, in the order given, then the hub's catch-up.</summary>
        public async Task UploadAsync(params (int Day, long Total)[] readings)
        {
            var upload = new UploadRequest();
            foreach (var (day, total) in readings)
            {
                upload.Readings.Add(new Kdfm.Agent.V1.Reading { Sequence = ++_sequence, DeviceKey = Key, SnapshotJson = Snapshot(day, total) });
            }

            Assert.Equal(readings.Length, (await hub.Grpc().UploadAsync(upload, TestHub.Auth(agent, credential))).Stored);
            await SummariseAsync(hub);
        }
    }

    private static async Task<Collector> CollectorAsync(TestHub hub)
    {
        await hub.TenantAsync(Dealer, TenantKinds.Dealer);
        await hub.TenantAsync(Alpha, parent: Dealer);
        var activated = await hub.Grpc().ActivateAsync(new ActivateRequest { Code = await hub.CodeAsync(Alpha), HostName = "alpha-dca02", Version = "0.9.0" });
        return new Collector(hub, activated.AgentId, activated.Credential);
    }

    private static Task<string[]> RowsAsync(TestHub hub) => hub.WithDbAsync(async db => (await db.DeviceCounters.AsNoTracking().Where(c => c.Name == "total")
        .OrderBy(c => c.CollectedAt).Select(c => new { c.CollectedAt, c.Value, c.BillingValue, c.Flags }).ToListAsync())
        .Select(c => $"{(Now - c.CollectedAt).Days}:{c.Value}/{c.BillingValue}/{c.Flags}").ToArray());

    private static async Task<MeterExport.Meter> TotalAsync(TestHub hub, int fromDay, int toDay)
    {
        var dealer = await ActorAsync(hub, Dealer);
        var meters = await WithAsync<MeterExport, IReadOnlyList<MeterExport.Meter>>(hub,
            m => m.MetersAsync(dealer, null, Now - TimeSpan.FromDays(fromDay), Now - TimeSpan.FromDays(toDay) + TimeSpan.FromMinutes(1), CancellationToken.None));
        return meters.Single(m => m.Counter == "total");
    }

    [Fact]
    public async Task A_replaced_board_has_no_pages_until_three_readings_decide_it_then_bills_before_and_after_the_swap()
    {
        await using var hub = await TestHub.StartAsync();
        var collector = await CollectorAsync(hub);
        await collector.UploadAsync((6, 500_000), (5, 500_100), (4, 0), (3, 40));

        Assert.Equal(["6:500000/500000/", "5:500100/500100/", "4:0/500100/wentBackwards", "3:40/500100/wentBackwards"], await RowsAsync(hub));
        var pending = await TotalAsync(hub, 6, 3);
        Assert.Equal((500_000L, 500_100L, (long?)null, true, "wentBackwards"), (pending.Start, pending.End, pending.Pages, pending.Unresolved, pending.Flags));
        var dealer = await ActorAsync(hub, Dealer);
        string csv = await WithAsync<MeterExport, string>(hub, m => m.ExportAsync(dealer, null, Dealer, Now - TimeSpan.FromDays(6), Now, CancellationToken.None));
        Assert.Contains(",total,2026-11-22T09:00:00Z,500000,2026-11-25T09:00:00Z,500100,reset: check,wentBackwards\r\n", csv, StringComparison.Ordinal);

        // The next upload brings the third reading: the stored rows after the swap are checked again and become the baseline.
        await collector.UploadAsync((2, 90));
        Assert.Equal(["6:500000/500000/", "5:500100/500100/", "4:0/500100/wentBackwards", "3:40/500140/", "2:90/500190/"], await RowsAsync(hub));
        var billed = await TotalAsync(hub, 6, 2);
        Assert.Equal((500_000L, 500_190L, (long?)190, false), (billed.Start, billed.End, billed.Pages, billed.Unresolved)); // (500100 − 500000) + (90 − 0)
        Assert.Equal((long?)50, (await TotalAsync(hub, 3, 2)).Pages); // a period after the swap bills the new board alone
    }

    [Fact]
    public async Task A_late_reading_is_checked_against_the_readings_before_its_own_time_and_the_stored_ones_after_it_again()
    {
        await using var hub = await TestHub.StartAsync();
        var collector = await CollectorAsync(hub);
        await collector.UploadAsync((5, 1000), (3, 1300), (1, 1500));
        Assert.Equal(["5:1000/1000/", "3:1300/1300/", "1:1500/1500/"], await RowsAsync(hub));

        // A second upload: a reading of day 4 that the collector's outbox kept, and today's.
        await collector.UploadAsync((4, 1350), (0, 1250));

        // Day 4 is above day 5, so trusted; day 3, stored before, is now below the last trusted value before it (and day 1
        // resolves it); today is checked against day 1, a stored row after the batch's earliest reading, not against day 5.
        Assert.Equal(["5:1000/1000/", "4:1350/1350/", "3:1300/1350/wentBackwards", "1:1500/1500/", "0:1250/1500/wentBackwards"], await RowsAsync(hub));
        var resolved = await TotalAsync(hub, 5, 1);
        Assert.Equal((1000L, 1500L, (long?)500, "wentBackwards"), (resolved.Start, resolved.End, resolved.Pages, resolved.Flags));
        Assert.Null((await TotalAsync(hub, 5, 0)).Pages); // today's reading is not decided yet
    }
}
