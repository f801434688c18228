using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The Tenants pages' rules, on the service: the subtree only, settings checked, the OIDC client secret write-only.</summary>
public sealed class TenantAdminTests
{
    private static readonly TenantSettings Plain = new(false, 90, null, null, null, null, null, null);

    private static Task<T> Tenants<T>(TestHub hub, Func<TenantAdmin, Task<T>> work) => AdminTree.WithAsync(hub, work);

    [Fact]
    public void Settings_are_checked_with_a_sentence_for_each_field()
    {
        Assert.Empty(TenantSettingsCheck.Problems(Plain));
        Assert.Empty(TenantSettingsCheck.Problems(Plain with
        {
            IdleDays = 180, LockoutMinutes = 15, LdapUrl = "ldaps://dc1.corp.example:636", LdapBindTemplate = "{0}@corp.example", LdapGroupBase = "ou=groups,dc=corp,dc=example",
            OidcAuthority = "https://login.microsoftonline.com/abc/v2.0", OidcClientId = "kdfm",
        }));
        Assert.Equal(["Idle days must be 90 or 180.", "A timed lockout lasts 1 to 1440 minutes."], TenantSettingsCheck.Problems(Plain with { IdleDays = 120, LockoutMinutes = 0 }));
        Assert.Equal(
        [
            "The LDAP server must be an ldap:// or ldaps:// address with a host, e.g. ldaps://dc1.corp.example:636.",
            "The bind template must hold {0} once where the sign-in name goes, e.g. {0}@corp.example or uid={0},ou=people,dc=corp,dc=example.",
            "The group base must be a distinguished name, e.g. ou=groups,dc=corp,dc=example.",
        ], TenantSettingsCheck.Problems(Plain with { LdapUrl = "http://dc1.corp.example", LdapBindTemplate = "{1}@corp", LdapGroupBase = "groups" }));
        Assert.Equal(["The OIDC authority must be an https:// address, e.g. https://login.microsoftonline.com/TENANT-ID/v2.0.", "OIDC sign-in needs a client id."],
            TenantSettingsCheck.Problems(Plain with { OidcAuthority = "http://adfs.corp.example/adfs" }));
        Assert.Single(TenantSettingsCheck.Problems(Plain with { LdapUrl = "ldap://", LdapBindTemplate = "{0}", LdapGroupBase = "dc=x" }));
        Assert.Single(TenantSettingsCheck.Problems(Plain with { LdapUrl = "ldap://dc1", LdapBindTemplate = "{0}{0}", LdapGroupBase = "dc=x" }));
    }

    [Fact]
    public async Task The_OIDC_client_secret_is_stored_protected_never_shown_nor_audited_and_kept_until_replaced_or_removed()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Ada); // the dealer's admin sets its customer's sign-in
        int acme = await hub.TenantAsync("acme");
        const string Secret = "oidc-client-secret-42";
        var settings = Plain with { OidcAuthority = "https://login.microsoftonline.com/abc/v2.0", OidcClientId = "kdfm" };

        var saved = await Tenants(hub, t => t.SaveSettingsAsync(carl, acme, settings with { NewOidcSecret = Secret }, CancellationToken.None));
        Assert.Equal("The settings of acme are saved.", saved.Value);
        var stored = await hub.WithDbAsync(db => db.Tenants.AsNoTracking().FirstAsync(t => t.Id == acme));
        Assert.DoesNotContain(Secret, stored.OidcClientSecretProtected, StringComparison.Ordinal);
        var protector = AdminTree.WithAsync<IDataProtectionProvider, string>(hub, p => Task.FromResult(p.CreateProtector(TenantAdmin.OidcSecretPurpose).Unprotect(stored.OidcClientSecretProtected!)));
        Assert.Equal(Secret, await protector);
        var shown = TenantAdmin.SettingsOf(stored);
        Assert.Equal((true, null), (shown.OidcSecretSet, shown.NewOidcSecret));
        Assert.DoesNotContain(Secret, shown.ToString(), StringComparison.Ordinal);
        var audit = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(e => e.Action == AuditActions.TenantChanged).Select(e => e.Detail).ToListAsync());
        Assert.Equal(["OIDC authority none → https://login.microsoftonline.com/abc/v2.0; OIDC client id none → kdfm; OIDC client secret replaced"], audit);

        // Saving the form again without a secret keeps it; removing it removes it.
        Assert.Equal("Nothing changed for acme.", (await Tenants(hub, t => t.SaveSettingsAsync(carl, acme, settings, CancellationToken.None))).Value);
        Assert.Equal(stored.OidcClientSecretProtected, await hub.WithDbAsync(db => db.Tenants.Where(t => t.Id == acme).Select(t => t.OidcClientSecretProtected).SingleAsync()));
        await Tenants(hub, t => t.SaveSettingsAsync(carl, acme, settings with { ClearOidcSecret = true }, CancellationToken.None));
        Assert.Null(await hub.WithDbAsync(db => db.Tenants.Where(t => t.Id == acme).Select(t => t.OidcClientSecretProtected).SingleAsync()));
    }

    [Fact]
    public async Task A_tenant_outside_the_subtree_is_no_such_tenant_and_bad_settings_change_nothing()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        int globex = await hub.TenantAsync("globex");
        int msp = await hub.TenantAsync("msp");
        int acme = await hub.TenantAsync("acme");

        foreach (int outside in new[] { globex, msp })
        {
            Assert.Null(await Tenants(hub, t => t.FindAsync(carl, outside, CancellationToken.None)));
            Assert.Equal(TenantAdmin.NoSuchTenant, (await Tenants(hub, t => t.SaveSettingsAsync(carl, outside, Plain with { RequireTwoFactor = true }, CancellationToken.None))).Problem);
            Assert.Equal(TenantAdmin.NoSuchTenant,
                (await Tenants(hub, t => t.AddGroupAsync(carl, outside, "cn=x,dc=y", BuiltInRoles.ViewerId, 1, CancellationToken.None))).Problem);
        }

        var dealer = await AdminTree.ActorAsync(hub, tree.Ada); // a customer's sign-in is set from its dealer
        var bad = await Tenants(hub, t => t.SaveSettingsAsync(dealer, acme, Plain with { RequireTwoFactor = true, IdleDays = 30 }, CancellationToken.None));
        Assert.Equal("Idle days must be 90 or 180.", bad.Problem);
        Assert.False(await hub.WithDbAsync(db => db.Tenants.AnyAsync(t => t.RequireTwoFactor)));
        var ok = await Tenants(hub, t => t.SaveSettingsAsync(dealer, acme, Plain with { RequireTwoFactor = true, IdleDays = 180, LockoutMinutes = 30 }, CancellationToken.None));
        Assert.True(ok.Succeeded, ok.Problem);
        var acmeNow = await hub.WithDbAsync(db => db.Tenants.AsNoTracking().FirstAsync(t => t.Id == acme));
        Assert.Equal((true, 180, (int?)30), (acmeNow.RequireTwoFactor, acmeNow.IdleDays, acmeNow.LockoutMinutes));

        var rows = await Tenants(hub, t => t.TreeAsync(carl, CancellationToken.None));
        Assert.Equal([("acme", 0, 2), ("acme-north", 1, 1)], rows.Select(r => (r.Name, r.Depth, r.Users)));
        var ada = await AdminTree.ActorAsync(hub, tree.Ada);
        var all = await Tenants(hub, t => t.TreeAsync(ada, CancellationToken.None));
        Assert.Equal([("msp", 0), ("acme", 1), ("acme-north", 2), ("globex", 1)], all.Select(r => (r.Name, r.Depth)));
    }

    [Fact]
    public async Task An_LDAP_group_maps_only_to_a_role_the_administrator_may_give_in_that_tenant()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var ada = await AdminTree.ActorAsync(hub, tree.Ada);
        int acme = await hub.TenantAsync("acme");

        Assert.Equal("the dealer admin role is for users of a dealer",
            (await Tenants(hub, t => t.AddGroupAsync(ada, acme, "cn=it,ou=groups,dc=acme", BuiltInRoles.DealerAdminId, 1, CancellationToken.None))).Problem);
        Assert.Equal("The group must be a distinguished name, e.g. cn=printing,ou=groups,dc=corp,dc=example.",
            (await Tenants(hub, t => t.AddGroupAsync(ada, acme, "printing", BuiltInRoles.ViewerId, 1, CancellationToken.None))).Problem);
        Assert.True((await Tenants(hub, t => t.AddGroupAsync(ada, acme, "cn=it,ou=groups,dc=acme", BuiltInRoles.CustomerAdminId, 1, CancellationToken.None))).Succeeded);
        Assert.True((await Tenants(hub, t => t.AddGroupAsync(ada, acme, "cn=staff,ou=groups,dc=acme", BuiltInRoles.ViewerId, 2, CancellationToken.None))).Succeeded);
        Assert.Equal("The group CN=IT,ou=groups,dc=acme is mapped already: remove it first.",
            (await Tenants(hub, t => t.AddGroupAsync(ada, acme, "CN=IT,ou=groups,dc=acme", BuiltInRoles.ViewerId, 3, CancellationToken.None))).Problem);

        var tenant = (await hub.WithDbAsync(db => db.Tenants.AsNoTracking().FirstAsync(t => t.Id == acme)));
        var groups = await Tenants(hub, t => t.GroupsAsync(tenant, CancellationToken.None));
        Assert.Equal([("cn=it,ou=groups,dc=acme", "customer admin", 1), ("cn=staff,ou=groups,dc=acme", "viewer", 2)], groups.Select(g => (g.GroupDn, g.RoleName, g.Rank)));

        var vic = await AdminTree.ActorAsync(hub, tree.Vic);
        Assert.Equal("This needs the permission manage tenants.", (await Tenants(hub, t => t.RemoveGroupAsync(vic, acme, groups[0].Id, CancellationToken.None))).Problem);
        Assert.True((await Tenants(hub, t => t.RemoveGroupAsync(ada, acme, groups[0].Id, CancellationToken.None))).Succeeded);
        Assert.Equal(["cn=staff,ou=groups,dc=acme"], (await Tenants(hub, t => t.GroupsAsync(tenant, CancellationToken.None))).Select(g => g.GroupDn));
    }
}
