using System.Text.Json.Nodes;
using Kdfm.Agent.V1;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>
/// A realistic fleet for the fleet pages' tests and screenshots: the dealer acme-msp over two customers, alpha and beta,
/// each with its collector and four printers whose snapshots come from recorded walks of real printers
/// (interpreted at test time from ../shared/corpus, as <c>kdfm-collector snapshot --snmprec</c> does: read, never
/// copied into the repository), read once a day for
/// <see cref="Days"/> days with their standard counters growing by a printer's own daily volume.
/// </summary>
public static class FleetData
{
    public const string Dealer = "acme-msp";
    public const string Alpha = "alpha";
    public const string Beta = "beta";
    public const int Days = 40;

    /// <summary>The hub's clock in these tests: readings are one a day up to this day.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 28, 9, 0, 0, TimeSpan.Zero);

    /// <param name="Walk">The corpus walk (corpus/snmprec/WALK.snmprec).</param>
    /// <param name="Daily">Pages a day added to each standard counter (total, print.*, copy.*, …).</param>
    /// <param name="Down">The latest reading says the device stopped answering.</param>
    public sealed record Printer(string Tenant, string Walk, string Key, string Address, string SysName, string Location, long Daily, bool Down = false);

    public static readonly Printer[] SeededPrinters =
    [
        new(Alpha, "librenms-sharp", "sharp:6509415X00", "10.1.0.11", "ALPHA-MX3570-2F", "Alpha HQ, floor 2", 420),
        new(Alpha, "librenms-ricoh_mpc3002", "ricoh:W492KB03439", "10.1.0.12", "ALPHA-MPC3002", "Alpha HQ, floor 1", 250),
        new(Alpha, "printmaster-kyocera_cs4053", "kyocera:RH28Y00024", "10.1.0.13", "ALPHA-CS4053", "Alpha HQ, reception", 180),
        new(Alpha, "brother-py-dcp-l3550cdw", "brother:E78123K9N412345", "10.1.0.14", "ALPHA-DCP-L3550", "Alpha warehouse", 35),
        new(Beta, "librenms-jetdirect_m130nw", "hp:VNCRC48198", "10.2.0.21", "BETA-M130NW", "Beta office", 60),
        new(Beta, "librenms-samsungprinter_m4080fx", "samsung:ZDDHB8KF3C00123", "10.2.0.22", "BETA-M4080", "Beta office", 90),
        new(Beta, "printmaster-epson_sc", "epson:X8G9000415", "10.2.0.23", "BETA-PLOTTER", "Beta design studio", 3),
        new(Beta, "printmaster-brother", "brother:U64641E7J134163", "10.2.0.24", "BETA-HL-L8260", "Beta back office", 70, Down: true),
    ];

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, string> Interpreted = new(StringComparer.Ordinal);

    /// <summary>The corpus walk's snapshot JSON, as the collector's interpreter reads it (once per walk and test run).</summary>
    public static string WalkSnapshot(string walk) => Interpreted.GetOrAdd(walk, w =>
    {
        var recording = Kdfm.Snmp.Snmprec.SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.CorpusWalks, w + ".snmprec"));
        return Kdfm.Printers.Snapshot.SnapshotJson.Serialize(Kdfm.Printers.PrinterInterpreter.Interpret(recording.Rows, new Kdfm.Printers.SnapshotContext(null, Now, Source: w)));
    });

    /// <summary>The walk's snapshot as the printer's reading <paramref name="daysBefore"/> days before <see cref="Now"/>.</summary>
    public static string Snapshot(Printer printer, int daysBefore)
    {
        var json = JsonNode.Parse(WalkSnapshot(printer.Walk))!.AsObject();
        json["key"] = printer.Key;
        json["address"] = printer.Address;
        json["collectedAt"] = (Now - TimeSpan.FromDays(daysBefore)).ToString("O");
        json["sysName"] = printer.SysName;
        json["sysLocation"] = printer.Location;
        if (printer.Down && daysBefore == 0)
        {
            json["status"] = "down";
        }

        foreach (var counter in json["counters"]!.AsArray())
        {
            string name = (string)counter!["name"]!;
            if (!name.StartsWith("vendor:", StringComparison.Ordinal) && name != "powerOn")
            {
                counter["value"] = (long)counter["value"]! - printer.Daily * daysBefore;
            }
        }

        return json.ToJsonString();
    }

    /// <summary>The value of <paramref name="counter"/> in the printer's reading <paramref name="daysBefore"/> days before <see cref="Now"/>.</summary>
    public static long Value(Printer printer, string counter, int daysBefore) =>
        (long)JsonNode.Parse(Snapshot(printer, daysBefore))!["counters"]!.AsArray().First(c => (string)c!["name"]! == counter)!["value"]!;

    /// <summary>The tenants, one collector a customer, and <see cref="Days"/> days of readings; then the summaries, as the background job makes them.</summary>
    public static async Task SeedAsync(TestHub hub)
    {
        await hub.TenantAsync(Dealer, Kdfm.Hub.Storage.TenantKinds.Dealer);
        foreach (string customer in new[] { Alpha, Beta })
        {
            await hub.TenantAsync(customer, parent: Dealer);
            var activated = await hub.Grpc().ActivateAsync(new ActivateRequest { Code = await hub.CodeAsync(customer), HostName = $"{customer}-dca01", Version = "0.9.0" });
            var (agent, credential) = (activated.AgentId, activated.Credential);
            long sequence = 0;
            var upload = new UploadRequest();
            for (int day = Days - 1; day >= 0; day--)
            {
                foreach (var printer in SeededPrinters.Where(p => p.Tenant == customer))
                {
                    upload.Readings.Add(new Reading { Sequence = ++sequence, DeviceKey = printer.Key, SnapshotJson = Snapshot(printer, day) });
                }
            }

            var answer = await hub.Grpc().UploadAsync(upload, TestHub.Auth(agent, credential));
            Assert.Equal(upload.Readings.Count, answer.Stored);
        }

        await SummariseAsync(hub);
    }

    /// <summary>What <see cref="DeviceSummaryJob"/> does after an upload, run now (the test does not wait for the background).</summary>
    public static async Task SummariseAsync(TestHub hub)
    {
        using var scope = hub.Started.App.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<DeviceSummaries>().CatchUpAsync(CancellationToken.None);
    }

    /// <summary>An actor of <paramref name="tenant"/> with every permission, seeing that tenant's subtree (as the portal resolves a user).</summary>
    public static Task<Actor> ActorAsync(TestHub hub, string tenant) => hub.WithDbAsync(async db =>
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync());
        var found = tree.All.Single(t => t.Name == tenant);
        return new Actor($"someone@{tenant}", null, found.Id, found.Name, Permission.All, tree.Subtree(found.Id), Actor.UserKind);
    });

    /// <summary>Runs <paramref name="work"/> with a service of the hub, in a scope of its own.</summary>
    public static async Task<T> WithAsync<TService, T>(TestHub hub, Func<TService, Task<T>> work) where TService : notnull
    {
        using var scope = hub.Started.App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
