using Kdfm.Hub.Portal.Fleet;
using Kdfm.Testing;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>The fleet's summaries, counters, lists and meters on Debian's PostgreSQL (its own migration), as on SQLite.</summary>
public sealed class FleetPostgresTests
{
    [Fact]
    public async Task Summaries_lists_and_meters_work_the_same_on_postgresql()
    {
        using var postgres = await PostgresServer.StartAsync();
        await using var hub = await TestHub.StartAsync(o =>
        {
            o.Database = "postgresql";
            o.ConnectionString = postgres.ConnectionString("kdfm_fleet_test");
        });
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);

        var sharp = await hub.WithDbAsync(db => db.Devices.AsNoTracking().SingleAsync(d => d.Key == "sharp:6509415X00"));
        Assert.Equal(("Sharp", 1, 19, 121104L), (sharp.Vendor, sharp.ErrorCount, sharp.LowestSupplyPercent, sharp.TotalPages));
        var figures = await WithAsync<FleetDashboard, FleetDashboard.Figures>(hub, d => d.FiguresAsync(dealer, CancellationToken.None));
        Assert.Equal((8, 5, 1, 2, 1, 3), (figures.Devices, figures.Up, figures.Down, figures.InError, figures.LowSupply, figures.WithAlerts));
        var page = await WithAsync<DeviceList, DevicePage>(hub, l => l.PageAsync(dealer, new DeviceQuery(Search: "w492kb", Sort: "pages", Descending: true), CancellationToken.None));
        Assert.Equal(["ALPHA-MPC3002"], page.Rows.Select(r => r.SysName));
        var meters = await WithAsync<MeterExport, IReadOnlyList<MeterExport.Meter>>(hub,
            m => m.MetersAsync(dealer, null, Now - TimeSpan.FromDays(20), Now - TimeSpan.FromDays(10), CancellationToken.None, vendorCounters: false));
        var total = meters.Single(m => m.Key == "sharp:6509415X00" && m.Counter == "total");
        Assert.Equal((121104 - 20 * 420L, 121104 - 11 * 420L), (total.Start, total.End));
        Assert.DoesNotContain(meters, m => m.Counter.StartsWith("vendor:", StringComparison.Ordinal));
    }
}
