using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Kdfm.Printers.Meters;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>Issue 14 at the hub: the across-readings check, the last trusted value for billing, and a dealer's meter definition.</summary>
public sealed class BillingMeterTests
{
    private const string Key = "kyocera:LVX0000001";

    /// <summary>(days before <see cref="FleetData.Now"/>, total, print.mono, copy.mono, flags of print.mono from the collector).</summary>
    private static readonly (int Day, long Total, long PrintMono, long CopyMono, string[]? Flags)[] Readings =
    [
        (4, 1000, 600, 300, null),
        (3, 1100, 650, 330, null),
        (2, 40, 700, 340, null),               // a replaced board: total went backwards
        (1, 1150, 1400, 350, ["exceedsTotal"]), // the collector's own check
        (0, 1200, 720, 360, null),
    ];

    private static string Snapshot(int day, long total, long printMono, long copyMono, string[]? flags) => JsonSerializer.Serialize(new
    {
        key = Key, collectedAt = (Now - TimeSpan.FromDays(day)).ToString("O"), vendor = "Kyocera", serial = "LVX0000001",
        counters = new object[]
        {
            new { name = "total", value = total, oid = "1.3.6.1.2.1.43.10.2.1.4.1.1" },
            flags is null
                ? new { name = "print.mono", value = printMono, oid = "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1" }
                : (object)new { name = "print.mono", value = printMono, oid = "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1", flags },
            new { name = "copy.mono", value = copyMono, oid = "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1" },
            new { name = "scan", value = 7, oid = "1.3.6.1.4.1.1347.46.10.1.1.5.3" }, // an older collector's name
        },
    });

    private static async Task SeedAsync(TestHub hub)
    {
        await hub.TenantAsync(Dealer, TenantKinds.Dealer);
        await hub.TenantAsync(Alpha, parent: Dealer);
        var activated = await hub.Grpc().ActivateAsync(new ActivateRequest { Code = await hub.CodeAsync(Alpha), HostName = "alpha-dca01", Version = "0.9.0" });
        var upload = new UploadRequest();
        // Stored out of the order they were taken (a resend from the outbox): the check follows collectedAt.
        foreach (var (r, i) in Readings.Select((r, i) => (r, i)).OrderBy(x => x.i == 1 ? 99 : x.i))
        {
            upload.Readings.Add(new Kdfm.Agent.V1.Reading { Sequence = upload.Readings.Count + 1, DeviceKey = Key, SnapshotJson = Snapshot(r.Day, r.Total, r.PrintMono, r.CopyMono, r.Flags) });
        }

        Assert.Equal(Readings.Length, (await hub.Grpc().UploadAsync(upload, TestHub.Auth(activated.AgentId, activated.Credential))).Stored);
        await SummariseAsync(hub);
    }

    [Fact]
    public async Task Untrusted_readings_are_flagged_and_billing_keeps_the_last_trusted_value()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        async Task<string[]> Rows(string name) => [.. await hub.WithDbAsync(db => db.DeviceCounters.AsNoTracking().Where(c => c.Name == name).OrderBy(c => c.CollectedAt)
            .Select(c => $"{c.Value}/{c.BillingValue}/{c.Flags}").ToListAsync())];

        Assert.Equal(["1000/1000/", "1100/1100/", "40/1100/wentBackwards", "1150/1150/", "1200/1200/"], await Rows("total"));
        Assert.Equal(["600/600/", "650/650/", "700/700/", "1400/700/exceedsTotal", "720/720/"], await Rows("print.mono"));
        Assert.Equal(5, (await Rows("scan.total")).Length); // stored under its current name

        var dealer = await ActorAsync(hub, Dealer);
        var meters = await WithAsync<MeterExport, IReadOnlyList<MeterExport.Meter>>(hub, m => m.MetersAsync(dealer, null, Now - TimeSpan.FromDays(3), Now, CancellationToken.None));
        var total = meters.Single(m => m.Counter == "total");
        Assert.Equal((1100L, 1150L, 50L, "wentBackwards"), (total.Start, total.End, total.Pages, total.Flags));
        var mono = meters.Single(m => m.Counter == "print.mono");
        Assert.Equal((650L, 700L, "exceedsTotal"), (mono.Start, mono.End, mono.Flags));
        string csv = await WithAsync<MeterExport, string>(hub, m => m.ExportAsync(dealer, null, Dealer, Now - TimeSpan.FromDays(3), Now, CancellationToken.None));
        Assert.Contains($",total,2026-11-25T09:00:00Z,1100,2026-11-27T09:00:00Z,1150,50,wentBackwards\r\n", csv, StringComparison.Ordinal);

        // The device page lists them, newest first.
        var found = await WithAsync<DeviceDetail, DeviceDetail.Found?>(hub, d => d.FindAsync(dealer, Alpha, Key, CancellationToken.None));
        var untrusted = await WithAsync<DeviceDetail, IReadOnlyList<DeviceDetail.Untrusted>>(hub, d => d.UntrustedAsync(found!, 25, CancellationToken.None));
        Assert.Equal(["print.mono 1400 as 700: exceedsTotal", "total 40 as 1100: wentBackwards"], untrusted.Select(u => $"{u.Counter} {u.Value} as {u.BillingValue}: {u.Flags}"));
    }

    [Fact]
    public async Task A_dealers_meter_definition_bills_its_customers_devices()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);
        int dealerId = await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == Dealer).Select(t => t.Id).SingleAsync());
        int alphaId = await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == Alpha).Select(t => t.Id).SingleAsync());

        var saved = await WithAsync<DefinedMeters, DefinedMeters.SetOutcome>(hub, d => d.SetAsync(dealer, dealerId, "A4 mono = print.mono + copy.mono; pages = total; fax = fax", CancellationToken.None));
        Assert.Equal(new DefinedMeters.SetOutcome.Saved("A4 mono = print.mono + copy.mono\npages = total\nfax = fax"), saved);
        var billed = await WithAsync<DefinedMeters, IReadOnlyList<DefinedMeters.Billed>>(hub, d => d.MetersAsync(dealer, alphaId, Now - TimeSpan.FromDays(4), Now + TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal(
        [
            "A4 mono: 900 → 1080 = 180 [exceedsTotal] missing ",
            "pages: 1000 → 1200 = 200 [wentBackwards] missing ",
            "fax:  →  =  [] missing fax",
        ], billed.Select(b => $"{b.Meter}: {b.Start} → {b.End} = {b.Pages} [{b.Flags}] missing {b.Missing}"));

        string csv = await WithAsync<DefinedMeters, string>(hub, d => d.ExportAsync(dealer, alphaId, Alpha, Now - TimeSpan.FromDays(4), Now + TimeSpan.FromDays(1), CancellationToken.None));
        Assert.Equal(string.Join(',', DefinedMeters.CsvHeader), csv.Split("\r\n")[0]);
        Assert.Contains(",A4 mono,print.mono + copy.mono,2026-11-24T09:00:00Z,900,2026-11-28T09:00:00Z,1080,180,exceedsTotal,\r\n", csv, StringComparison.Ordinal);
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.Export && a.Target == "billed meters")));
        Assert.Equal("A4 mono = print.mono + copy.mono\npages = total\nfax = fax",
            await hub.WithDbAsync(db => db.Tenants.Where(t => t.Id == dealerId).Select(t => t.MeterDefinition).SingleAsync()));
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.TenantChanged && a.Target == Dealer)));
    }

    [Fact]
    public async Task Only_a_dealers_tenant_manager_sets_a_definition_others_are_refused_and_audited_and_a_wrong_one_gets_its_reason()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var dealer = await ActorAsync(hub, Dealer);
        var customer = await ActorAsync(hub, Alpha);
        int alphaId = customer.TenantId!.Value;
        Task<DefinedMeters.SetOutcome> Set(Actor actor, string text) => WithAsync<DefinedMeters, DefinedMeters.SetOutcome>(hub, d => d.SetAsync(actor, alphaId, text, CancellationToken.None));

        Assert.IsType<DefinedMeters.SetOutcome.Refused>(await Set(customer, "black = mono")); // a customer's admin does not decide billing
        Assert.IsType<DefinedMeters.SetOutcome.Refused>(await Set(dealer with { Permissions = Permission.All & ~Permission.ManageTenants }, "black = mono"));
        Assert.Equal(2, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.Denied && a.Target == $"meter definition of tenant #{alphaId}" && a.Outcome == AuditLog.Denied)));
        Assert.Equal(2, Assert.IsType<DefinedMeters.SetOutcome.Invalid>(await Set(dealer, "black = mono; colour = colour")).Problem.Entry);
        Assert.Equal(new DefinedMeters.SetOutcome.Saved("black = mono"), await Set(dealer, "black = mono"));
        Assert.Equal("black = mono", await hub.WithDbAsync(db => db.Tenants.Where(t => t.Id == alphaId).Select(t => t.MeterDefinition).SingleAsync()));
        Assert.Equal(new DefinedMeters.SetOutcome.Saved(null), await Set(dealer, "  "));
        Assert.Null(await hub.WithDbAsync(db => db.Tenants.Where(t => t.Id == alphaId).Select(t => t.MeterDefinition).SingleAsync()));
    }

    [Fact]
    public void Definitions_are_parsed_to_their_normal_form_or_refused_with_the_entry_and_reason()
    {
        var parsed = MeterDefinition.Parse(" black = mono ;\ncolour=color\n\nA3 = large.mono + large.color + vendor:sharp.4.4.64");
        Assert.Null(parsed.Problem);
        Assert.Equal("black = mono\ncolour = color\nA3 = large.mono + large.color + vendor:sharp.4.4.64", parsed.Definition!.ToString());

        Assert.Equal(new MeterDefinition.Problem(0, "no meter: write one as 'name = counter + counter'"), MeterDefinition.Parse(" ; ").Problem);
        Assert.Equal(1, MeterDefinition.Parse("= mono").Problem!.Entry);
        Assert.StartsWith("'scan' in 'scans' is no counter", MeterDefinition.Parse("black = mono; scans = scan").Problem!.Reason, StringComparison.Ordinal);
        Assert.Equal(new MeterDefinition.Problem(2, "the meter 'Black' is defined twice"), MeterDefinition.Parse("black = mono; Black = print.mono").Problem);
        Assert.Equal(new MeterDefinition.Problem(1, "'x' adds a counter twice"), MeterDefinition.Parse("x = mono + mono").Problem);
        Assert.Equal(MeterDefinition.MaxMeters + 1, MeterDefinition.Parse(string.Join(';', Enumerable.Range(0, 33).Select(i => $"m{i} = mono"))).Problem!.Entry);
        Assert.NotNull(MeterDefinition.Parse("x = vendor:").Problem);
    }

    [Fact]
    public void Definitions_are_bounded_and_refuse_control_characters()
    {
        string counters = string.Join(" + ", Enumerable.Range(0, MeterDefinition.MaxCounters + 1).Select(i => $"vendor:c{i}"));
        Assert.Equal(new MeterDefinition.Problem(0, "longer than 4096 characters"), MeterDefinition.Parse("x = mono" + new string(' ', 4096)).Problem);
        Assert.Equal(new MeterDefinition.Problem(1, "'x' adds more than 16 counters"), MeterDefinition.Parse($"x = {counters}").Problem);
        Assert.Equal(new MeterDefinition.Problem(1, "a counter in 'x' is longer than 1024 characters"), MeterDefinition.Parse($"x = vendor:{new string('a', 1020)}").Problem);
        Assert.Equal(new MeterDefinition.Problem(0, "character 2 is a control character (U+0007): write names and counters as plain text"), MeterDefinition.Parse("x\a = mono").Problem);
        Assert.Equal(new MeterDefinition.Problem(0, "character 1 is a control character (U+202E): write names and counters as plain text"), MeterDefinition.Parse("\u202Eonom = x").Problem);
        Assert.Equal("black = mono\ncolour = color", MeterDefinition.Parse("black = mono\r\ncolour = color\r\n").Definition!.ToString()); // a browser's line breaks
    }

    [Fact]
    public void A_snapshot_keeps_only_the_collectors_flags_and_counts_the_others()
    {
        var summary = SnapshotSummary.Read("""
            {"counters": [
              {"name": "print.mono", "value": 10, "flags": ["wentBackwards", "colorOnMono", "bogus", 7, "exceedsTotal", "colorOnMono"]},
              {"name": "total", "value": 5, "flags": ["outlier"]},
              {"name": "copy.mono", "value": 3}]}
            """);
        Assert.Equal(["print.mono/exceedsTotal,colorOnMono", "total/", "copy.mono/"], summary.Counters.Select(c => $"{c.Name}/{c.Flags}"));
        Assert.Equal(4, summary.UnknownFlags);
    }
}
