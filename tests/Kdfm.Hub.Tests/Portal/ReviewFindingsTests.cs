using System.Net;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>What the security review of the portal found, each as a test: no session alone takes over an account.</summary>
public sealed class ReviewFindingsTests
{
    private static readonly TenantSettings Plain = new(false, 90, null, null, null, null, null, null);

    [Fact]
    public async Task An_administrator_gets_no_password_link_and_no_second_factor_reset_for_their_own_account()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var ada = await AdminTree.ActorAsync(hub, tree.Ada);

        var link = await AdminTree.WithAsync<UserAdmin, AdminResult<(PortalUser, string)>>(hub, u => u.PasswordLinkAsync(ada, tree.Ada.Id, CancellationToken.None));
        var reset = await AdminTree.WithAsync<UserAdmin, AdminResult<string>>(hub, u => u.ResetTwoFactorAsync(ada, tree.Ada.Id, CancellationToken.None));

        Assert.Equal("Your own password is changed under My account, with your current password.", link.Problem);
        Assert.Equal("Your own second factor is turned off under My account, with a code or your password.", reset.Problem);
        // For a user below them, the link still works.
        Assert.True((await AdminTree.WithAsync<UserAdmin, AdminResult<(PortalUser, string)>>(hub, u => u.PasswordLinkAsync(ada, tree.Vic.Id, CancellationToken.None))).Succeeded);
    }

    [Fact]
    public async Task A_customers_sign_in_settings_are_set_by_its_dealer_not_by_its_own_administrators()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        int acme = await hub.TenantAsync("acme");
        var sso = Plain with { OidcAuthority = "https://idp.attacker.example", OidcClientId = "x" };

        var own = await AdminTree.WithAsync<TenantAdmin, AdminResult<string>>(hub, async t => await t.SaveSettingsAsync(await AdminTree.ActorAsync(hub, tree.Carl), acme, sso, CancellationToken.None));
        var byDealer = await AdminTree.WithAsync<TenantAdmin, AdminResult<string>>(hub, async t =>
            await t.SaveSettingsAsync(await AdminTree.ActorAsync(hub, tree.Ada), acme, Plain with { RequireTwoFactor = true }, CancellationToken.None));

        Assert.Equal("Your own tenant's sign-in settings are set by the tenant above it: ask your dealer's administrators.", own.Problem);
        Assert.True(byDealer.Succeeded, byDealer.Problem);
        var stored = await hub.WithDbAsync(db => db.Tenants.AsNoTracking().SingleAsync(t => t.Id == acme));
        Assert.Equal((null, true), (stored.OidcAuthority, stored.RequireTwoFactor));
        // The customer admin can still set up the sites below their customer.
        int site = await hub.TenantAsync("acme-north");
        Assert.True((await AdminTree.WithAsync<TenantAdmin, AdminResult<string>>(hub, async t =>
            await t.SaveSettingsAsync(await AdminTree.ActorAsync(hub, tree.Carl), site, Plain with { IdleDays = 180 }, CancellationToken.None))).Succeeded);
    }

    [Fact]
    public async Task A_directory_domain_belongs_to_one_tenant()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var ada = await AdminTree.ActorAsync(hub, tree.Ada);
        var ldap = Plain with { LdapUrl = "ldaps://dc1.acme.example", LdapBindTemplate = "{0}@acme.example", LdapGroupBase = "ou=groups,dc=acme,dc=example" };

        var first = await AdminTree.WithAsync<TenantAdmin, AdminResult<string>>(hub, async t => await t.SaveSettingsAsync(ada, await hub.TenantAsync("acme"), ldap, CancellationToken.None));
        var second = await AdminTree.WithAsync<TenantAdmin, AdminResult<string>>(hub, async t =>
            await t.SaveSettingsAsync(ada, await hub.TenantAsync("globex"), ldap with { LdapUrl = "ldaps://evil.example" }, CancellationToken.None));

        Assert.True(first.Succeeded, first.Problem);
        Assert.Equal("The directory domain acme.example is another tenant's already: a domain signs in to one tenant only.", second.Problem);
        Assert.Null(await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == "globex").Select(t => t.LdapUrl).SingleAsync()));
    }

    [Fact]
    public async Task An_api_token_opens_the_api_and_no_page()
    {
        await using var hub = await TestHub.StartAsync();
        var user = await hub.UserAsync("ada@msp.example", "msp", "dealer admin", kind: TenantKinds.Dealer);
        using var api = await hub.ApiAsAsync(user);
        using var handler = TestHub.PinnedHandler(hub.Started.Fingerprint);
        handler.AllowAutoRedirect = false;
        using var pages = new HttpClient(handler) { BaseAddress = hub.Url };
        pages.DefaultRequestHeaders.Authorization = api.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/tenants")).StatusCode);
        foreach (string page in new[] { "tokens", "account/two-factor", "users" })
        {
            var response = await pages.GetAsync(page);
            Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/sign-in", StringComparison.Ordinal),
                $"GET /{page} with an API token: {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task The_bootstrap_token_stays_off_when_every_dealer_admin_is_disabled()
    {
        await using var hub = await TestHub.StartAsync();
        Assert.Equal(HttpStatusCode.OK, (await hub.Api.GetAsync("api/v1/tenants")).StatusCode);
        var admin = await hub.UserAsync("ada@msp.example", "msp", "dealer admin", kind: TenantKinds.Dealer);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Api.GetAsync("api/v1/tenants")).StatusCode);

        await hub.WithDbAsync(async db =>
        {
            var stored = await db.Users.SingleAsync(u => u.Id == admin.Id);
            stored.DisabledAt = DateTimeOffset.UtcNow;
            return await db.SaveChangesAsync();
        });

        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Api.GetAsync("api/v1/tenants")).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_second_factor_codes_disable_the_account_as_five_wrong_passwords_do()
    {
        await using var hub = await TestHub.StartAsync();
        var user = await hub.UserAsync("ada@acme.example", "acme", "viewer");
        await AdminTree.WithAsync<Microsoft.AspNetCore.Identity.UserManager<PortalUser>, bool>(hub, async users =>
        {
            var found = (await users.FindByIdAsync(user.Id))!;
            await users.ResetAuthenticatorKeyAsync(found);
            await users.SetTwoFactorEnabledAsync(found, true);
            await users.GenerateNewTwoFactorRecoveryCodesAsync(found, 10);
            return true;
        });
        var (client, _) = PortalClient.Anonymous(hub);
        var form = await client.GetAsync("sign-in");
        var password = await client.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "ada@acme.example", ["Password"] = "a long test password", ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(await form.Content.ReadAsStringAsync()),
        }));
        Assert.Contains("/sign-in/second-factor", password.Headers.Location!.OriginalString, StringComparison.Ordinal);

        string last = string.Empty;
        foreach (string code in new[] { "000000", "AAAAA-BBBBB", "111111", "CCCCC-DDDDD", "222222" })
        {
            var page = await client.GetAsync("sign-in/second-factor");
            var answer = await client.PostAsync("sign-in/second-factor", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Code"] = code, ["__RequestVerificationToken"] = PortalClient.AntiforgeryToken(await page.Content.ReadAsStringAsync()),
            }));
            last = await answer.Content.ReadAsStringAsync();
        }

        Assert.Contains("That was the fifth wrong code: the account is locked.", last, StringComparison.Ordinal);
        var stored = await hub.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == user.Id));
        Assert.NotNull(stored.DisabledAt);
        var audited = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.Lockout).Select(a => a.Target).ToListAsync());
        Assert.Equal(["ada@acme.example"], audited);
        Assert.Contains("/sign-in", (await client.GetAsync("")).Headers.Location!.OriginalString, StringComparison.Ordinal); // not signed in
    }

    [Fact]
    public async Task A_user_manager_sees_no_tokens_of_someone_holding_permissions_they_lack()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        await hub.RoleAsync("helpdesk", "acme", Permission.ManageUsers | Permission.ViewFleet | Permission.ViewMetersAndExport);
        var helpdesk = await AdminTree.ActorAsync(hub, await hub.UserAsync("help@acme.example", "acme", "helpdesk"));
        using var carlsApi = await hub.ApiAsAsync(tree.Carl); // a token of the customer admin
        using var vicsApi = await hub.ApiAsAsync(tree.Vic);   // and one of a viewer

        var carls = await AdminTree.WithAsync<TokenAdmin, IReadOnlyList<TokenRow>?>(hub, t => t.ListAsync(helpdesk, tree.Carl.Id, CancellationToken.None));
        var vics = await AdminTree.WithAsync<TokenAdmin, IReadOnlyList<TokenRow>?>(hub, t => t.ListAsync(helpdesk, tree.Vic.Id, CancellationToken.None));

        Assert.Null(carls);
        Assert.Single(vics!);
    }
}
