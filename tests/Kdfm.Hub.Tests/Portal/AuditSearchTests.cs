using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.AuditTrail;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The audit page's reading of the log: the subtree only, each filter, newest first by pages, CSV with neutralised cells, the export audited.</summary>
public sealed class AuditSearchTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>The tree, then one entry an hour from <see cref="Start"/>: 30 in acme, 25 in globex, 5 in the site acme-north (every third one denied).</summary>
    private static async Task<(TestHub Hub, AdminTree Tree)> LogAsync()
    {
        var clock = new ManualClock(Start);
        var hub = await TestHub.StartAsync(host: clock.Install);
        var tree = await AdminTree.MakeAsync(hub);
        await hub.WithDbAsync(db => db.Audit.ExecuteDeleteAsync());
        var tenants = new[] { (await hub.TenantAsync("acme"), "acme", 30), (await hub.TenantAsync("globex"), "globex", 25), (await hub.TenantAsync("acme-north"), "north", 5) };
        int n = 0;
        foreach (var (id, who, count) in tenants)
        {
            for (int i = 0; i < count; i++, n++)
            {
                clock.Advance(TimeSpan.FromHours(1));
                await AdminTree.WithAsync<AuditLog, bool>(hub, async log =>
                {
                    await log.WriteAsync($"{who}-{i}@example", id, n % 3 == 0 ? AuditActions.SignInFailed : AuditActions.SignIn, i == 0 ? "=HYPERLINK(\"x\")" : $"t{n}", "",
                        n % 3 == 0 ? AuditLog.Denied : AuditLog.Ok);
                    return true;
                });
            }
        }

        return (hub, tree);
    }

    [Fact]
    public async Task A_customer_admin_reads_their_subtree_newest_first_by_pages_of_50()
    {
        var (hub, tree) = await LogAsync();
        await using var _ = hub;
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);

        var first = await AdminTree.WithAsync<AuditSearch, AuditPage>(hub, s => s.SearchAsync(carl, new AuditFilter(), CancellationToken.None));
        Assert.Equal((35, 1, 1, 35), (first.Total, first.Page, first.Pages, first.Rows.Count));
        Assert.Equal(["north-4@example", "north-3@example"], first.Rows.Take(2).Select(r => r.Actor));
        Assert.All(first.Rows, r => Assert.Contains(r.TenantName, new[] { "acme", "acme-north" }));
        Assert.True(first.Rows.Zip(first.Rows.Skip(1)).All(p => p.First.At > p.Second.At));

        var ada = await AdminTree.ActorAsync(hub, tree.Ada);
        var second = await AdminTree.WithAsync<AuditSearch, AuditPage>(hub, s => s.SearchAsync(ada, new AuditFilter(Page: 2), CancellationToken.None));
        Assert.Equal((60, 2, 2, 10), (second.Total, second.Page, second.Pages, second.Rows.Count));
        Assert.Equal("acme-9@example", second.Rows[0].Actor);
        Assert.Equal("acme-0@example", second.Rows[^1].Actor);
    }

    [Fact]
    public async Task Each_filter_narrows_the_entries_and_never_widens_the_subtree()
    {
        var (hub, tree) = await LogAsync();
        await using var _ = hub;
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        async Task<AuditPage> Find(AuditFilter filter) => await AdminTree.WithAsync<AuditSearch, AuditPage>(hub, s => s.SearchAsync(carl, filter, CancellationToken.None));

        // Entries n = 0..29 are acme's, 55..59 the site's; every n divisible by 3 is a denied sign-in (10 of acme's, n = 57 of the site's).
        Assert.Equal(11, (await Find(new AuditFilter(Outcome: AuditLog.Denied))).Total);
        Assert.Equal(11, (await Find(new AuditFilter(Action: AuditActions.SignInFailed))).Total);
        Assert.Equal(["north-0@example", "north-1@example", "north-2@example", "north-3@example", "north-4@example"],
            (await Find(new AuditFilter(TenantId: await hub.TenantAsync("acme-north")))).Rows.Select(r => r.Actor).Order(StringComparer.Ordinal));
        Assert.Equal(35, (await Find(new AuditFilter(TenantId: await hub.TenantAsync("acme")))).Total);
        Assert.Equal(0, (await Find(new AuditFilter(TenantId: await hub.TenantAsync("globex")))).Total);
        Assert.Equal(["acme-10@example", "acme-11@example", "acme-12@example", "acme-13@example", "acme-14@example", "acme-15@example", "acme-16@example",
            "acme-17@example", "acme-18@example", "acme-19@example", "acme-1@example"], (await Find(new AuditFilter(User: "ACME-1"))).Rows.Select(r => r.Actor).Order(StringComparer.Ordinal));
        // Entry n is at Start + (n+1) h: 2026-11-01 holds n = 0..14 (09:00 to 23:00), 2026-11-02 holds n = 15..29 (acme's rest: 24 h later ends in n = 38).
        Assert.Equal(15, (await Find(new AuditFilter(From: new DateOnly(2026, 11, 1), To: new DateOnly(2026, 11, 1)))).Total);
        Assert.Equal(15, (await Find(new AuditFilter(From: new DateOnly(2026, 11, 2), To: new DateOnly(2026, 11, 2)))).Total);
        Assert.Equal(5, (await Find(new AuditFilter(From: new DateOnly(2026, 11, 3)))).Total);
        Assert.Equal(5, (await Find(new AuditFilter(From: new DateOnly(2026, 11, 1), To: new DateOnly(2026, 11, 1), Outcome: AuditLog.Ok, User: "acme-1"))).Total);
    }

    [Fact]
    public async Task The_CSV_export_holds_the_filtered_entries_with_formulas_neutralised_and_is_itself_audited()
    {
        var (hub, tree) = await LogAsync();
        await using var _ = hub;
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);

        int north = await hub.TenantAsync("acme-north");
        string csv = await AdminTree.WithAsync<AuditSearch, string>(hub, s => s.CsvAsync(carl, new AuditFilter(TenantId: north), CancellationToken.None));

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actor,tenant,action,target,detail,outcome,source", lines[0]);
        Assert.Equal(6, lines.Length);
        Assert.Equal("2026-11-03T16:00:00Z,north-0@example,acme-north,sign-in,\"'=HYPERLINK(\"\"x\"\")\",,ok,kdfm-hub", lines[^1]);
        var export = await hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(e => e.Action == AuditActions.Export));
        Assert.Equal(("carl@acme.example", "audit log", "5 entries as CSV"), (export.Actor, export.Target, export.Detail));
    }
}
