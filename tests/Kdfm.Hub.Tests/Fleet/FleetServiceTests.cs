using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>The fleet pages' services on a seeded fleet of real printers' snapshots: summaries, lists, counts, deltas, meters, and scope.</summary>
public sealed class FleetServiceTests
{
    [Fact]
    public async Task Summaries_are_taken_from_the_latest_real_snapshot_of_each_device()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);

        var devices = await hub.WithDbAsync(db => db.Devices.AsNoTracking().OrderBy(d => d.Key).ToListAsync());
        Assert.Equal(8, devices.Count);
        Assert.All(devices, d => Assert.Equal(d.LastReadingId, d.SummaryReadingId));
        var sharp = devices.Single(d => d.Key == "sharp:6509415X00");
        Assert.Equal(("Sharp", "MX-3570N", "6509415X00", "ALPHA-MX3570-2F", "Alpha HQ, floor 2"), (sharp.Vendor, sharp.Model, sharp.Serial, sharp.SysName, sharp.Location));
        Assert.Equal((1, 0, 19, "Magenta Toner", 121104L), (sharp.ErrorCount, sharp.AlertCount, sharp.LowestSupplyPercent, sharp.LowestSupply, sharp.TotalPages));
        Assert.Null(sharp.Status); // the walk has no hrPrinterStatus
        var kyocera = devices.Single(d => d.Key == "kyocera:RH28Y00024");
        Assert.Equal(("idle", 0, 2, 32, "TK-8527M", 76498L), (kyocera.Status, kyocera.ErrorCount, kyocera.AlertCount, kyocera.LowestSupplyPercent, kyocera.LowestSupply, kyocera.TotalPages));
        Assert.Equal("down", devices.Single(d => d.Key == "brother:U64641E7J134163").Status);

        // Every reading's counters, once: the Kyocera's 40 readings of its 300-odd counters.
        int kyoceraCounters = System.Text.Json.JsonDocument.Parse(WalkSnapshot("printmaster-kyocera_cs4053")).RootElement.GetProperty("counters").GetArrayLength();
        Assert.Equal(Days * kyoceraCounters, await hub.WithDbAsync(db => db.DeviceCounters.CountAsync(c => c.DeviceKey == "kyocera:RH28Y00024")));
        Assert.Equal(0, await hub.WithDbAsync(db => db.Readings.CountAsync(r => !r.CountersStored)));
    }

    [Fact]
    public async Task The_dashboard_counts_what_its_lists_show()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);

        var figures = await WithAsync<FleetDashboard, FleetDashboard.Figures>(hub, d => d.FiguresAsync(dealer, CancellationToken.None));
        Assert.Equal((8, 5, 1, 2, 1, 3), (figures.Devices, figures.Up, figures.Down, figures.InError, figures.LowSupply, figures.WithAlerts));
        Assert.Equal([Alpha, Beta], figures.Agents.Select(a => a.Tenant));
        Assert.All(figures.Agents, a => Assert.False(a.Stale));

        async Task<string[]> Listed(DeviceQuery query) =>
            [.. (await WithAsync<DeviceList, DevicePage>(hub, l => l.PageAsync(dealer, query, CancellationToken.None))).Rows.Select(r => r.SysName!)];
        Assert.Equal(["BETA-HL-L8260"], await Listed(new DeviceQuery(Status: FleetStatus.Down)));
        Assert.Equal(["ALPHA-MX3570-2F", "BETA-M4080"], await Listed(new DeviceQuery(Status: FleetStatus.Error)));
        Assert.Equal(5, (await Listed(new DeviceQuery(Status: FleetStatus.Up))).Length);
        Assert.Equal(["ALPHA-DCP-L3550"], await Listed(new DeviceQuery(SupplyBelow: FleetDashboard.LowSupplyPercent)));
        Assert.Equal(["ALPHA-CS4053", "BETA-HL-L8260", "BETA-PLOTTER"], await Listed(new DeviceQuery(WithAlerts: true)));
    }

    [Fact]
    public async Task The_devices_list_searches_filters_sorts_and_pages()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);
        async Task<DevicePage> List(DeviceQuery query) => await WithAsync<DeviceList, DevicePage>(hub, l => l.PageAsync(dealer, query, CancellationToken.None));

        Assert.Equal(["ALPHA-MPC3002"], (await List(new DeviceQuery(Search: "w492kb"))).Rows.Select(r => r.SysName)); // serial, any case
        Assert.Equal(["BETA-PLOTTER"], (await List(new DeviceQuery(Search: "design studio"))).Rows.Select(r => r.SysName)); // location
        Assert.Equal(["BETA-M130NW"], (await List(new DeviceQuery(Search: "10.2.0.21"))).Rows.Select(r => r.SysName)); // address
        Assert.Equal(["ALPHA-DCP-L3550", "BETA-HL-L8260"], (await List(new DeviceQuery(Vendor: "Brother"))).Rows.Select(r => r.SysName));
        var beta = await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == Beta).Select(t => t.Id).FirstAsync());
        Assert.All((await List(new DeviceQuery(TenantId: beta))).Rows, r => Assert.Equal(Beta, r.Tenant));
        Assert.Equal(4, (await List(new DeviceQuery(TenantId: beta))).Total);

        var byPages = await List(new DeviceQuery(Sort: "pages", Descending: true));
        Assert.Equal([271871L, 121104L, 76498L, 42976L, 22934L, 15232L, 1611L, 145L], byPages.Rows.Select(r => r.TotalPages!.Value));
        var bySupply = await List(new DeviceQuery(Sort: "supply"));
        Assert.Equal([2, 19, 20, 28, 32, 56, 67, 74], bySupply.Rows.Select(r => r.LowestSupplyPercent!.Value));

        var page2 = await List(new DeviceQuery(Page: 2));
        Assert.Equal((8, 2, 1, 0), (page2.Total, page2.Page, page2.Pages, page2.Rows.Count));
    }

    [Fact]
    public async Task The_devices_csv_is_the_filtered_list_and_is_audited()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);

        string csv = await WithAsync<DeviceList, string>(hub, l => l.ExportAsync(dealer, new DeviceQuery(Status: FleetStatus.Error), CancellationToken.None));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', DeviceList.CsvHeader), lines[0]);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("alpha,sharp:6509415X00,ALPHA-MX3570-2F,Sharp,MX-3570N,6509415X00,10.1.0.11,\"Alpha HQ, floor 2\",error,,1,0,19,Magenta Toner,121104,", lines[1],
            StringComparison.Ordinal);
        var audit = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == Kdfm.Hub.Access.AuditActions.Export).ToListAsync());
        var entry = Assert.Single(audit);
        Assert.Equal(("someone@acme-msp", "devices", "CSV from the portal: 2 device(s), status error"), (entry.Actor, entry.Target, entry.Detail));
    }

    [Fact]
    public async Task Meters_give_the_first_and_last_value_of_each_counter_in_the_period()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);
        var sharp = SeededPrinters[0];
        // Readings are at 09:00 each day: [20 days before, 10 days before) holds the readings of days 20 down to 11.
        var from = Now - TimeSpan.FromDays(20);
        var to = Now - TimeSpan.FromDays(10);

        var meters = await WithAsync<MeterExport, IReadOnlyList<MeterExport.Meter>>(hub, m => m.MetersAsync(dealer, null, from, to, CancellationToken.None));
        var total = meters.Single(m => m.Key == sharp.Key && m.Counter == "total");
        Assert.Equal((from, Value(sharp, "total", 20), to - TimeSpan.FromDays(1), Value(sharp, "total", 11)), (total.StartAt, total.Start, total.EndAt, total.End));
        Assert.Equal(9 * 420L, total.Pages);
        var mono = meters.Single(m => m.Key == sharp.Key && m.Counter == "print.mono");
        Assert.Equal((53631 - 20 * 420L, 53631 - 11 * 420L), (mono.Start, mono.End));
        Assert.Equal(8, meters.Where(m => m.Counter == "total").Count());

        string csv = await WithAsync<MeterExport, string>(hub, m => m.ExportAsync(dealer, null, Dealer, from, to, CancellationToken.None));
        Assert.Contains($"\r\nalpha,sharp:6509415X00,ALPHA-MX3570-2F,Sharp,MX-3570N,6509415X00,total,2026-11-08T09:00:00Z,{121104 - 20 * 420},2026-11-17T09:00:00Z,{121104 - 11 * 420},3780,\r\n",
            csv, StringComparison.Ordinal);
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == Kdfm.Hub.Access.AuditActions.Export && a.Target == "meters")));
    }

    [Fact]
    public async Task A_customer_never_sees_another_customers_devices_counts_meters_or_device_pages()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var alpha = await ActorAsync(hub, Alpha);
        var betaId = await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == Beta).Select(t => t.Id).FirstAsync());

        var all = await WithAsync<DeviceList, DevicePage>(hub, l => l.PageAsync(alpha, new DeviceQuery(), CancellationToken.None));
        Assert.Equal(4, all.Total);
        Assert.All(all.Rows, r => Assert.Equal(Alpha, r.Tenant));
        // Naming beta's tenant filters to nothing, and beta's serial is not found by search.
        Assert.Equal(0, (await WithAsync<DeviceList, DevicePage>(hub, l => l.PageAsync(alpha, new DeviceQuery(TenantId: betaId), CancellationToken.None))).Total);
        Assert.Equal(0, (await WithAsync<DeviceList, DevicePage>(hub, l => l.PageAsync(alpha, new DeviceQuery(Search: "VNCRC48198"), CancellationToken.None))).Total);
        Assert.Equal([Alpha], await WithAsync<DeviceList, List<string>>(hub, async l => [.. (await l.TenantsAsync(alpha, CancellationToken.None)).Select(t => t.Name)]));
        Assert.DoesNotContain("HP", await WithAsync<DeviceList, List<string>>(hub, l => l.VendorsAsync(alpha, CancellationToken.None)));

        var figures = await WithAsync<FleetDashboard, FleetDashboard.Figures>(hub, d => d.FiguresAsync(alpha, CancellationToken.None));
        Assert.Equal((4, 0, 1, 1), (figures.Devices, figures.Down, figures.InError, figures.LowSupply));
        Assert.Equal([Alpha], figures.Agents.Select(a => a.Tenant));

        Assert.Null(await WithAsync<DeviceDetail, DeviceDetail.Found?>(hub, d => d.FindAsync(alpha, Beta, "hp:VNCRC48198", CancellationToken.None)));
        Assert.NotNull(await WithAsync<DeviceDetail, DeviceDetail.Found?>(hub, d => d.FindAsync(alpha, Alpha, "sharp:6509415X00", CancellationToken.None)));
        var meters = await WithAsync<MeterExport, IReadOnlyList<MeterExport.Meter>>(hub, m => m.MetersAsync(alpha, betaId, Now - TimeSpan.FromDays(90), Now + TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Empty(meters);
        meters = await WithAsync<MeterExport, IReadOnlyList<MeterExport.Meter>>(hub, m => m.MetersAsync(alpha, null, Now - TimeSpan.FromDays(90), Now + TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal([Alpha], meters.Select(m => m.Tenant).Distinct());
    }

    [Fact]
    public async Task The_device_page_has_its_supplies_alerts_chart_and_readings()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var alpha = await ActorAsync(hub, Alpha);
        var kyocera = SeededPrinters[2];

        var found = await WithAsync<DeviceDetail, DeviceDetail.Found?>(hub, d => d.FindAsync(alpha, Alpha, kyocera.Key, CancellationToken.None));
        Assert.NotNull(found);
        Assert.Equal(["powerUp", "markerFuserUnderTemperature"], found.Snapshot!.Alerts.Select(a => a.Code));
        Assert.Equal([("TK-8527C", 50), ("TK-8527M", 32), ("TK-8527Y", 55), ("TK-8527K", 72), ("Waste Toner Box", (int?)null)],
            found.Snapshot.Supplies.Select(s => (s.Name, s.Percent)));

        var counters = await WithAsync<DeviceDetail, IReadOnlyDictionary<string, List<CounterDeltas.Point>>>(hub, d => d.CountersAsync(found, Now, CancellationToken.None));
        Assert.Equal(Days, counters["total"].Count);
        var chart = DeviceDetail.ChartOf(counters);
        Assert.Equal(Days, chart.Times.Length);
        Assert.Equal("total", chart.Series[0].Name);
        Assert.Equal(76498, chart.Series[0].Values[^1]);
        Assert.DoesNotContain(chart.Series, s => s.Name.StartsWith("vendor:", StringComparison.Ordinal));

        var daily = CounterDeltas.Daily(counters["total"]);
        Assert.Equal(Days, daily.Count);
        Assert.All(daily.Skip(1), d => Assert.Equal(180, d.Pages));

        var readings = await WithAsync<DeviceDetail, IReadOnlyList<DeviceDetail.ReadingLine>>(hub, d => d.ReadingsAsync(found, 2, CancellationToken.None));
        Assert.Equal(Days - DeviceDetail.ReadingsPageSize, readings.Count);
        Assert.Equal(76498 - 25 * 180, readings[0].Total);
    }

    [Fact]
    public void Deltas_by_day_and_month_skip_a_counter_that_went_backwards()
    {
        static CounterDeltas.Point P(string at, long value) => new(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), value);
        CounterDeltas.Point[] points =
        [
            P("2026-10-30T08:00:00Z", 1000), P("2026-10-30T18:00:00Z", 1100), P("2026-10-31T09:00:00Z", 1250),
            P("2026-11-01T09:00:00Z", 1300), P("2026-11-02T09:00:00Z", 40), P("2026-11-03T09:00:00Z", 90),
        ];

        Assert.Equal(
            [new("2026-10-30", 1000, 1100, 100), new("2026-10-31", 1100, 1250, 150), new("2026-11-01", 1250, 1300, 50), new CounterDeltas.Delta("2026-11-02", 1300, 40, null),
             new("2026-11-03", 40, 90, 50)],
            CounterDeltas.Daily(points));
        Assert.Equal([new("2026-10", 1000, 1250, 250), new CounterDeltas.Delta("2026-11", 1250, 90, null)], CounterDeltas.Monthly(points));
    }
}
