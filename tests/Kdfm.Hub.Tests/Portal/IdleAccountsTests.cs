using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The daily account job on the hub's clock, moved by the test: idle accounts disabled, the audit log kept Hub:AuditDays.</summary>
public sealed class IdleAccountsTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static Task<(IReadOnlyList<string> Disabled, int AuditDeleted)> RunJobAsync(TestHub hub) =>
        hub.Started.App.Services.GetRequiredService<AccountHousekeeping>().RunOnceAsync(CancellationToken.None);

    private static Task<PortalUser> FreshAsync(TestHub hub, string email) => hub.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == email));

    [Fact]
    public async Task Accounts_without_a_sign_in_for_their_tenant_s_idle_days_are_disabled_with_the_reason_and_audited()
    {
        var clock = new ManualClock(Start);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        await hub.UserAsync("signed-in@a.example", "tenant-90", "viewer");
        await hub.UserAsync("never@a.example", "tenant-90", "viewer");
        await hub.UserAsync("never@b.example", "tenant-180", "viewer");
        await hub.WithDbAsync(async db =>
        {
            (await db.Tenants.SingleAsync(t => t.Name == "tenant-180")).IdleDays = 180;
            (await db.Users.SingleAsync(u => u.Email == "signed-in@a.example")).LastSignInAt = Start.AddDays(10);
            return await db.SaveChangesAsync();
        });

        clock.Advance(TimeSpan.FromDays(91));
        Assert.Equal(["never@a.example"], (await RunJobAsync(hub)).Disabled);
        clock.Advance(TimeSpan.FromDays(10)); // day 101: 91 days after the sign-in of day 10
        Assert.Equal(["signed-in@a.example"], (await RunJobAsync(hub)).Disabled);
        Assert.Empty((await RunJobAsync(hub)).Disabled); // once only
        clock.Advance(TimeSpan.FromDays(80)); // day 181
        Assert.Equal(["never@b.example"], (await RunJobAsync(hub)).Disabled);

        var never = await FreshAsync(hub, "never@a.example");
        Assert.Equal((Start.AddDays(91), "no sign-in for 90 days"), (never.DisabledAt, never.DisabledReason));
        Assert.Equal("no sign-in for 180 days", (await FreshAsync(hub, "never@b.example")).DisabledReason);
        var audited = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.IdleDisabled).OrderBy(a => a.Id)
            .Select(a => new { a.Target, a.Detail, a.Actor, a.At }).ToListAsync());
        Assert.Equal(
        [
            new { Target = "never@a.example", Detail = "no sign-in for 90 days (never signed in since 2026-01-05 09:00 UTC)", Actor = "kdfm-hub", At = Start.AddDays(91) },
            new { Target = "signed-in@a.example", Detail = "no sign-in for 90 days (last sign-in 2026-01-15 09:00 UTC)", Actor = "kdfm-hub", At = Start.AddDays(101) },
            new { Target = "never@b.example", Detail = "no sign-in for 180 days (never signed in since 2026-01-05 09:00 UTC)", Actor = "kdfm-hub", At = Start.AddDays(181) },
        ], audited);
    }

    [Fact]
    public async Task An_account_an_administrator_enabled_again_counts_its_idle_days_from_then()
    {
        var clock = new ManualClock(Start);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var user = await hub.UserAsync("back@a.example", "tenant-90", "viewer");
        clock.Advance(TimeSpan.FromDays(50));
        using (var scope = hub.Started.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync("admin@a.example", user.TenantId, AuditActions.Enabled, "back@a.example");
        }

        clock.Advance(TimeSpan.FromDays(45)); // day 95: idle since creation, but enabled 45 days ago
        Assert.Empty((await RunJobAsync(hub)).Disabled);
        clock.Advance(TimeSpan.FromDays(46)); // day 141: 91 days after it was enabled
        Assert.Equal(["back@a.example"], (await RunJobAsync(hub)).Disabled);
    }

    [Fact]
    public async Task Audit_entries_older_than_the_audit_days_are_deleted_and_the_deletion_is_audited()
    {
        var clock = new ManualClock(Start);
        await using var hub = await TestHub.StartAsync(o => o.AuditDays = 200, clock.Install);
        var user = await hub.UserAsync("old@a.example", "tenant-90", "viewer"); // user.created, day 0
        await hub.WithDbAsync(async db =>
        {
            (await db.Users.SingleAsync(u => u.Email == "old@a.example")).LastSignInAt = Start.AddDays(150);
            return await db.SaveChangesAsync();
        });
        clock.Advance(TimeSpan.FromDays(100));
        using (var scope = hub.Started.App.Services.CreateScope())
        {
            await scope.ServiceProvider.GetRequiredService<AuditLog>().WriteAsync("old@a.example", user.TenantId, AuditActions.SignIn, "old@a.example"); // day 100
        }

        clock.Advance(TimeSpan.FromDays(101)); // day 201: the entry of day 0 is past 200 days, the one of day 100 is not
        var (disabled, deleted) = await RunJobAsync(hub);

        Assert.Empty(disabled);
        Assert.Equal(1, deleted);
        var left = await hub.WithDbAsync(db => db.Audit.AsNoTracking().OrderBy(a => a.Id).Select(a => new { a.Action, a.Detail, a.At }).ToListAsync());
        Assert.Equal(
        [
            new { Action = AuditActions.SignIn, Detail = string.Empty, At = Start.AddDays(100) },
            new { Action = AuditActions.AuditPurged, Detail = "1 entries older than 200 days", At = Start.AddDays(201) },
        ], left);
    }

    [Fact]
    public async Task Audit_days_under_180_stop_the_start_naming_the_key()
    {
        var refused = await Assert.ThrowsAsync<Kdfm.Hub.Cli.HubConfigurationException>(() => TestHub.StartAsync(o => o.AuditDays = 30));
        Assert.StartsWith("Hub:AuditDays: 30 is under 180", refused.Message, StringComparison.Ordinal);
    }
}
