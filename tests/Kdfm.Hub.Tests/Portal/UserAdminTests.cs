using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The Users pages' rules, on the service: the subtree only, nothing above one's permissions, not oneself where it locks one out.</summary>
public sealed class UserAdminTests
{
    private static Task<T> Users<T>(TestHub hub, Func<UserAdmin, Task<T>> work) => AdminTree.WithAsync(hub, work);

    [Fact]
    public async Task Each_administrator_lists_the_users_of_their_subtree_only()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);

        async Task<string[]> Listed(PortalUser who, UserFilter filter) =>
            [.. (await Users(hub, async u => await u.ListAsync(await AdminTree.ActorAsync(hub, who), filter, CancellationToken.None))).Select(r => r.Email)];

        Assert.Equal(["carl@acme.example", "vic@acme.example", "sam@acme.example"], await Listed(tree.Carl, new UserFilter()));
        Assert.Equal(["gina@globex.example"], await Listed(tree.Gina, new UserFilter()));
        Assert.Equal(["carl@acme.example", "vic@acme.example", "sam@acme.example", "gina@globex.example", "ada@msp.example"], await Listed(tree.Ada, new UserFilter()));
        int acme = await hub.TenantAsync("acme");
        Assert.Equal(["carl@acme.example", "vic@acme.example", "sam@acme.example"], await Listed(tree.Ada, new UserFilter(TenantId: acme)));
        Assert.Equal(["vic@acme.example"], await Listed(tree.Ada, new UserFilter(Text: "VIC")));
        // A customer admin asking for another customer's tenant gets nothing of it.
        Assert.Empty(await Listed(tree.Gina, new UserFilter(TenantId: acme)));
    }

    [Fact]
    public async Task A_user_outside_the_subtree_is_no_such_user_and_is_left_alone()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);

        foreach (var outside in new[] { tree.Gina.Id, tree.Ada.Id, "no-such-id" })
        {
            Assert.Null(await Users(hub, u => u.FindAsync(carl, outside, CancellationToken.None)));
            Assert.Equal(UserAdmin.NoSuchUser, (await Users(hub, u => u.DisableAsync(carl, outside, null, CancellationToken.None))).Problem);
            Assert.Equal(UserAdmin.NoSuchUser, (await Users(hub, u => u.ChangeRoleAsync(carl, outside, BuiltInRoles.ViewerId, CancellationToken.None))).Problem);
            Assert.Equal(UserAdmin.NoSuchUser, (await Users(hub, u => u.ResetTwoFactorAsync(carl, outside, CancellationToken.None))).Problem);
            Assert.Equal(UserAdmin.NoSuchUser, (await Users(hub, u => u.PasswordLinkAsync(carl, outside, CancellationToken.None))).Problem);
        }

        var gina = await hub.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Id == tree.Gina.Id));
        Assert.Equal((null, BuiltInRoles.CustomerAdminId), (gina.DisabledAt, gina.RoleId));
    }

    [Fact]
    public async Task An_administrator_cannot_disable_themself_nor_change_their_own_role()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);

        Assert.Equal("You cannot disable your own account.", (await Users(hub, u => u.DisableAsync(carl, tree.Carl.Id, null, CancellationToken.None))).Problem);
        Assert.Equal("You cannot change your own role.", (await Users(hub, u => u.ChangeRoleAsync(carl, tree.Carl.Id, BuiltInRoles.ViewerId, CancellationToken.None))).Problem);
        var self = await hub.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Id == tree.Carl.Id));
        Assert.Equal((null, BuiltInRoles.CustomerAdminId), (self.DisabledAt, self.RoleId));
    }

    [Fact]
    public async Task Disabling_ends_the_account_and_enabling_starts_the_failure_count_again_both_audited_under_the_users_tenant()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        await hub.WithDbAsync(async db =>
        {
            (await db.Users.FirstAsync(u => u.Id == tree.Vic.Id)).AccessFailedCount = 3;
            return await db.SaveChangesAsync();
        });

        var disabled = await Users(hub, u => u.DisableAsync(carl, tree.Vic.Id, "left the company", CancellationToken.None));
        Assert.Equal("vic@acme.example is disabled.", disabled.Value);
        var row = await Users(hub, u => u.FindAsync(carl, tree.Vic.Id, CancellationToken.None));
        Assert.Equal((true, clock.GetUtcNow(), "by carl@acme.example: left the company"), (row!.Disabled, row.DisabledAt, row.DisabledReason));
        Assert.Equal(["vic@acme.example"], (await Users(hub, u => u.ListAsync(carl, new UserFilter(UserFilter.Disabled), CancellationToken.None))).Select(r => r.Email));
        Assert.Equal("vic@acme.example is disabled already.", (await Users(hub, u => u.DisableAsync(carl, tree.Vic.Id, null, CancellationToken.None))).Problem);

        var enabled = await Users(hub, u => u.EnableAsync(carl, tree.Vic.Id, CancellationToken.None));
        Assert.Equal("vic@acme.example is enabled and can sign in again.", enabled.Value);
        var vic = await hub.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Id == tree.Vic.Id));
        Assert.Equal((null, null, 0), (vic.DisabledAt, vic.DisabledReason, vic.AccessFailedCount));
        Assert.Equal("vic@acme.example is not disabled.", (await Users(hub, u => u.EnableAsync(carl, tree.Vic.Id, CancellationToken.None))).Problem);

        int acme = await hub.TenantAsync("acme");
        var audit = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(e => e.Target == "vic@acme.example" && e.Action.StartsWith("account.")).OrderBy(e => e.Id)
            .Select(e => new { e.Action, e.Actor, e.TenantId, e.Detail }).ToListAsync());
        Assert.Equal([(AuditActions.Disabled, "carl@acme.example", (int?)acme), (AuditActions.Enabled, "carl@acme.example", acme)], audit.Select(e => (e.Action, e.Actor, e.TenantId)));
        Assert.Equal("was disabled since 2026-11-02 09:00 UTC (by carl@acme.example: left the company)", audit[1].Detail);
    }

    [Fact]
    public async Task An_administrator_gives_no_role_and_touches_no_account_with_a_permission_they_lack()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        int acme = await hub.TenantAsync("acme");
        var roles = await AdminTree.WithAsync<RoleAdmin, (int, int)>(hub, async r =>
            ((await r.CreateAsync(carl, acme, "user manager", Permission.ManageUsers | Permission.ViewFleet, CancellationToken.None)).Value!.Id,
                (await r.CreateAsync(carl, acme, "fleet only", Permission.ViewFleet, CancellationToken.None)).Value!.Id));
        var uma = await hub.UserAsync("uma@acme.example", "acme", "user manager");
        var fay = await hub.UserAsync("fay@acme.example", "acme", "fleet only");
        var umaActor = await AdminTree.ActorAsync(hub, uma);

        var technician = await Users(hub, u => u.ChangeRoleAsync(umaActor, fay.Id, BuiltInRoles.TechnicianId, CancellationToken.None));
        Assert.Equal("That role is not one you may give to a user of acme.", technician.Problem);
        var acmeTenant = await hub.WithDbAsync(db => db.Tenants.AsNoTracking().FirstAsync(t => t.Id == acme));
        Assert.Equal(["fleet only", "user manager"],
            (await Users(hub, u => u.RolesGivableAsync(umaActor, acmeTenant, CancellationToken.None))).Roles.Select(r => r.Name).Order());
        Assert.Equal("fay@acme.example now has the role user manager.", (await Users(hub, u => u.ChangeRoleAsync(umaActor, fay.Id, roles.Item1, CancellationToken.None))).Value);
        var vicTouched = await Users(hub, u => u.ChangeRoleAsync(umaActor, tree.Vic.Id, roles.Item2, CancellationToken.None));
        Assert.Equal("vic@acme.example has permissions you do not have (view meters and export): you cannot change their account.", vicTouched.Problem);

        var carlTouched = await Users(hub, u => u.DisableAsync(umaActor, tree.Carl.Id, null, CancellationToken.None));
        Assert.Equal("carl@acme.example has permissions you do not have (view meters and export, manage agents, device web access, manage roles, manage tenants, view audit log): "
            + "you cannot change their account.", carlTouched.Problem);
        var added = await AdminTree.WithAsync<AccountAdmin, AdminResult<(PortalUser, string)>>(hub,
            a => a.AddUserAsync(umaActor, "new@acme.example", "acme", "viewer", null, CancellationToken.None));
        Assert.StartsWith("the role viewer has permissions you do not have", added.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resetting_the_second_factor_removes_the_key_and_the_recovery_codes()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        await AdminTree.WithAsync<UserManager<PortalUser>, bool>(hub, async users =>
        {
            var vic = (await users.FindByIdAsync(tree.Vic.Id))!;
            await users.ResetAuthenticatorKeyAsync(vic);
            await users.SetTwoFactorEnabledAsync(vic, true);
            await users.GenerateNewTwoFactorRecoveryCodesAsync(vic, 10);
            return true;
        });
        Assert.True((await Users(hub, u => u.FindAsync(carl, tree.Vic.Id, CancellationToken.None)))!.TwoFactor);

        var reset = await Users(hub, u => u.ResetTwoFactorAsync(carl, tree.Vic.Id, CancellationToken.None));

        Assert.Equal("The second factor of vic@acme.example is reset: they enrol again.", reset.Value);
        var after = await AdminTree.WithAsync<UserManager<PortalUser>, (bool, string?, int)>(hub, async users =>
        {
            var vic = (await users.FindByIdAsync(tree.Vic.Id))!;
            return (vic.TwoFactorEnabled, await users.GetAuthenticatorKeyAsync(vic), await users.CountRecoveryCodesAsync(vic));
        });
        Assert.Equal((false, (string?)null, 0), after);
        Assert.Equal("vic@acme.example has no second factor to reset.", (await Users(hub, u => u.ResetTwoFactorAsync(carl, tree.Vic.Id, CancellationToken.None))).Problem);
    }

    [Fact]
    public async Task A_new_password_link_works_once_for_a_local_user_and_is_refused_for_a_directory_user()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);

        var link = await Users(hub, u => u.PasswordLinkAsync(carl, tree.Vic.Id, CancellationToken.None));
        var set = await AdminTree.WithAsync<UserManager<PortalUser>, (bool, bool)>(hub, async users =>
        {
            var vic = (await users.FindByIdAsync(tree.Vic.Id))!;
            bool first = (await users.ResetPasswordAsync(vic, link.Value.Token, "another long password")).Succeeded;
            bool second = (await users.ResetPasswordAsync(vic, link.Value.Token, "yet another password")).Succeeded;
            return (first, second);
        });
        Assert.Equal((true, false), set);

        await hub.WithDbAsync(async db =>
        {
            (await db.Users.FirstAsync(u => u.Id == tree.Vic.Id)).Source = UserSources.Ldap;
            return await db.SaveChangesAsync();
        });
        Assert.Equal("vic@acme.example signs in through their directory (ldap): the hub keeps no password for them.",
            (await Users(hub, u => u.PasswordLinkAsync(carl, tree.Vic.Id, CancellationToken.None))).Problem);
    }
}
