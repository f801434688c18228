using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The administration pages in a real browser: users, roles, tenants and the audit log, each within the signed-in user's subtree.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPagesTests(BrowserFixture browser)
{
    private static async Task<IPage> SignedInAsync(BrowserFixture browser, TestHub hub, string email, string password = AdminTree.Password)
    {
        var page = await browser.PageAsync(hub);
        await PortalPages.SignInToAsync(page, email, password, hub.Url.ToString());
        return page;
    }

    private static ILocator FormWith(IPage page, string button) => page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = button }) });

    private static async Task<string[]> ColumnAsync(IPage page, string table, int column) =>
        [.. (await page.Locator($"table.{table} tbody tr td:nth-child({column})").AllInnerTextsAsync()).Select(t => t.Trim())];

    [Fact]
    public async Task An_administrator_adds_a_user_whose_one_time_link_sets_the_password_and_who_then_signs_in()
    {
        await using var hub = await TestHub.StartAsync();
        await AdminTree.MakeAsync(hub);
        var admin = await SignedInAsync(browser, hub, "carl@acme.example");
        await admin.GotoAsync("/users");

        var add = FormWith(admin, "Add the user");
        await add.GetByLabel("E-mail").FillAsync("nina@acme.example");
        await add.GetByLabel("Name").FillAsync("Nina North");
        await add.GetByLabel("Tenant").SelectOptionAsync("acme-north");
        await add.GetByLabel("Role").SelectOptionAsync("viewer");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add the user" }).ClickAsync();
        string link = await admin.Locator(".new-link input.secret").InputValueAsync();
        Assert.StartsWith($"{hub.Url}set-password?user=", link, StringComparison.Ordinal);
        await admin.ReloadAsync();
        Assert.Equal(0, await admin.Locator(".new-link").CountAsync()); // shown once

        var nina = await browser.PageAsync(hub);
        await nina.GotoAsync(link);
        Assert.Contains("nina@acme.example", await nina.Locator("section.card").InnerTextAsync(), StringComparison.Ordinal);
        await nina.GetByLabel("New password").FillAsync("ninas own long password");
        await nina.GetByLabel("Again").FillAsync("ninas own long password");
        await nina.GetByRole(AriaRole.Button, new() { Name = "Set the password" }).ClickAsync();
        await nina.WaitForURLAsync("**/sign-in?done=password-set");
        await PortalPages.SignInAsync(nina, "nina@acme.example", "ninas own long password");
        await nina.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("acme-north", await nina.Locator(".topbar .scope").InnerTextAsync());

        await admin.GotoAsync("/users?q=nina");
        var row = admin.Locator("table.users tbody tr");
        Assert.Equal(1, await row.CountAsync());
        Assert.Equal(["nina@acme.example", "Nina North", "acme-north", "viewer", "local", "off"], (await row.Locator("td").AllInnerTextsAsync()).Take(6).Select(t => t.Trim()));
        Assert.NotEqual("never", (await row.Locator("td").Nth(6).InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_disabled_account_is_shown_to_its_administrator_who_enables_it_and_the_user_signs_in_again()
    {
        await using var hub = await TestHub.StartAsync();
        await AdminTree.MakeAsync(hub);
        var vic = await browser.PageAsync(hub);
        for (int i = 0; i < 5; i++)
        {
            await PortalPages.SignInAsync(vic, "vic@acme.example", "a wrong password");
        }

        Assert.StartsWith("That was the fifth failed sign-in", await vic.Locator(".notice").InnerTextAsync(), StringComparison.Ordinal);

        var admin = await SignedInAsync(browser, hub, "carl@acme.example");
        await admin.GotoAsync("/users");
        Assert.Equal(["carl@acme.example", "vic@acme.example", "sam@acme.example"], await ColumnAsync(admin, "users", 1));
        var disabledRow = admin.Locator("table.users tbody tr.disabled");
        Assert.Equal("vic@acme.example", (await disabledRow.Locator("td").First.InnerTextAsync()).Trim());
        Assert.Contains("5 failed sign-ins", await disabledRow.Locator("td.state").InnerTextAsync(), StringComparison.Ordinal);
        await PortalPages.ScreenshotAsync(admin, "users");

        await admin.GetByLabel("State").SelectOptionAsync("disabled");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await admin.WaitForURLAsync("**/users?State=disabled**");
        Assert.Equal(["vic@acme.example"], await ColumnAsync(admin, "users", 1));

        await admin.GetByRole(AriaRole.Link, new() { Name = "vic@acme.example" }).ClickAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Enable the account" }).ClickAsync();
        Assert.Equal("vic@acme.example is enabled and can sign in again.", await admin.Locator(".notice.ok").InnerTextAsync());
        Assert.Equal("active", (await admin.Locator("dd.state .badge").InnerTextAsync()).Trim());
        await PortalPages.ScreenshotAsync(admin, "user");

        await PortalPages.SignInAsync(vic, "vic@acme.example", AdminTree.Password);
        await vic.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("Dashboard", await vic.Locator("h1").InnerTextAsync());
    }

    [Fact]
    public async Task A_customer_administrator_sees_neither_the_dealers_nor_another_customers_users_roles_or_tenants()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        int globex = await hub.TenantAsync("globex");
        var gina = await AdminTree.ActorAsync(hub, tree.Gina);
        int globexRole = (await AdminTree.WithAsync<RoleAdmin, AdminResult<Kdfm.Hub.Storage.PortalRole>>(hub,
            r => r.CreateAsync(gina, globex, "globex billing", Permission.ViewMetersAndExport, CancellationToken.None))).Value!.Id;
        var carl = await SignedInAsync(browser, hub, "carl@acme.example");

        await carl.GotoAsync("/users");
        Assert.Equal(["carl@acme.example", "vic@acme.example", "sam@acme.example"], await ColumnAsync(carl, "users", 1));
        Assert.Equal(["acme", "acme-north"], (await carl.Locator("form.toolbar select[name=Tenant] option").AllInnerTextsAsync()).Skip(1));
        foreach (string path in new[] { $"/users/{tree.Gina.Id}", $"/users/{tree.Ada.Id}", $"/tenants/{globex}", $"/tenants/{await hub.TenantAsync("msp")}", $"/roles/{globexRole}" })
        {
            var response = await carl.Context.APIRequest.GetAsync(path);
            Assert.True(response.Status == 404, $"{path} answered {response.Status}");
        }

        await carl.GotoAsync($"/users/{tree.Gina.Id}");
        Assert.Equal("Not found", await carl.Locator("h1").InnerTextAsync());

        await carl.GotoAsync("/roles");
        Assert.DoesNotContain("globex billing", await carl.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await carl.GotoAsync("/tenants");
        Assert.Equal(["acme", "acme-north"], await ColumnAsync(carl, "tenants", 1));

        // A viewer has no Users page at all, and the refusal is audited.
        var vic = await SignedInAsync(browser, hub, "vic@acme.example");
        var refused = await vic.GotoAsync("/users");
        Assert.Equal((403, "Not allowed"), (refused!.Status, await vic.Locator("h1").InnerTextAsync()));
        Assert.True(await hub.WithDbAsync(db => db.Audit.AnyAsync(e => e.Action == AuditActions.Denied && e.Actor == "vic@acme.example" && e.Target == "GET /users")));
    }

    [Fact]
    public async Task The_audit_page_filters_by_action_and_outcome_and_exports_what_it_shows()
    {
        await using var hub = await TestHub.StartAsync();
        await AdminTree.MakeAsync(hub);
        var stranger = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(stranger, "vic@acme.example", "a wrong password");
        await PortalPages.SignInAsync(stranger, "gina@globex.example", "a wrong password");
        var admin = await SignedInAsync(browser, hub, "carl@acme.example");

        await admin.GotoAsync("/audit");
        var actions = await ColumnAsync(admin, "audit", 4);
        Assert.Contains("sign-in", actions);
        Assert.Contains("user.created", actions);
        Assert.DoesNotContain("gina@globex.example", await ColumnAsync(admin, "audit", 5));
        await PortalPages.ScreenshotAsync(admin, "audit");

        await admin.GetByLabel("Action").SelectOptionAsync(AuditActions.SignInFailed);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await admin.WaitForURLAsync("**action=sign-in.failed**");
        Assert.Equal([AuditActions.SignInFailed], await ColumnAsync(admin, "audit", 4));
        Assert.Equal(["vic@acme.example"], await ColumnAsync(admin, "audit", 5));
        Assert.Equal("1 entry, newest first. Times in UTC.", await admin.Locator(".count").InnerTextAsync());

        await admin.GetByLabel("Outcome").SelectOptionAsync(AuditLog.Ok);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await admin.WaitForURLAsync("**Outcome=ok**");
        Assert.Equal(0, await admin.Locator("table.audit tbody tr").CountAsync());

        await admin.GetByLabel("Outcome").SelectOptionAsync(AuditLog.Failed);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await admin.WaitForURLAsync("**Outcome=failed**");
        string href = (await admin.GetByRole(AriaRole.Link, new() { Name = "Export CSV" }).GetAttributeAsync("href"))!;
        var csv = await admin.Context.APIRequest.GetAsync(href);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("at,actor,tenant,action,target,detail,outcome,source", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.Contains(",vic@acme.example,acme,sign-in.failed,vic@acme.example,wrong password (1 of 5),failed,", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_is_made_with_the_permissions_ticked_and_permissions_one_lacks_cannot_be_ticked()
    {
        await using var hub = await TestHub.StartAsync();
        await AdminTree.MakeAsync(hub);
        var admin = await SignedInAsync(browser, hub, "carl@acme.example");

        await admin.GotoAsync("/roles/new");
        await admin.GetByLabel("Name").FillAsync("billing");
        await admin.Locator("select[name=TenantId]").SelectOptionAsync(new SelectOptionValue { Label = "acme (customer)" });
        await admin.GetByLabel("view fleet").CheckAsync();
        await admin.GetByLabel("view meters and export").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the role" }).ClickAsync();
        Assert.Equal("The role billing is saved.", await admin.Locator(".notice.ok").InnerTextAsync());
        await hub.UserAsync("bea@acme.example", "acme", "billing");

        await admin.GotoAsync("/roles");
        var own = admin.Locator("table.own tbody tr");
        Assert.Equal(["billing", "acme", "view fleet, view meters and export", "bea@acme.example"], (await own.Locator("td").AllInnerTextsAsync()).Take(4).Select(t => t.Trim()));
        await PortalPages.ScreenshotAsync(admin, "roles");

        await own.GetByRole(AriaRole.Link, new() { Name = "Edit" }).ClickAsync();
        admin.Dialog += (_, dialog) => dialog.AcceptAsync(); // the page's data-confirm
        await admin.GetByRole(AriaRole.Button, new() { Name = "Delete the role" }).ClickAsync();
        Assert.Equal("The role billing is in use by bea@acme.example: give them another role first.", await admin.Locator(".notice.error").InnerTextAsync());

        var carl = await AdminTree.ActorAsync(hub, (await hub.WithDbAsync(db => db.Users.AsNoTracking().FirstAsync(u => u.Email == "carl@acme.example"))));
        int acme = await hub.TenantAsync("acme");
        await AdminTree.WithAsync<RoleAdmin, AdminResult<Kdfm.Hub.Storage.PortalRole>>(hub,
            r => r.CreateAsync(carl, acme, "role manager", Permission.ManageRoles | Permission.ViewFleet, CancellationToken.None));
        await hub.UserAsync("rita@acme.example", "acme", "role manager");
        var rita = await SignedInAsync(browser, hub, "rita@acme.example");
        await rita.GotoAsync("/roles/new");
        Assert.Equal((false, true, true), (await rita.GetByLabel("view fleet").IsDisabledAsync(), await rita.GetByLabel("manage users").IsDisabledAsync(),
            await rita.GetByLabel("view audit log").IsDisabledAsync()));
    }

    [Fact]
    public async Task The_tenant_tree_grows_a_site_and_a_tenants_settings_are_checked_with_the_OIDC_secret_never_shown()
    {
        await using var hub = await TestHub.StartAsync();
        await AdminTree.MakeAsync(hub);
        var admin = await SignedInAsync(browser, hub, "ada@msp.example");

        await admin.GotoAsync("/tenants");
        var add = FormWith(admin, "Add the tenant");
        await add.GetByLabel("Name").FillAsync("acme-south");
        await add.Locator("select[name=NewKind]").SelectOptionAsync("site");
        await add.Locator("select[name=NewParent]").SelectOptionAsync("acme");
        await add.GetByRole(AriaRole.Button, new() { Name = "Add the tenant" }).ClickAsync();
        Assert.Equal("The site acme-south is added under acme.", await admin.Locator(".notice.ok").InnerTextAsync());
        Assert.Equal(["msp", "acme", "acme-north", "acme-south", "globex"], await ColumnAsync(admin, "tenants", 1));
        Assert.Equal("tree depth-2", await admin.Locator("table.tenants td", new() { HasText = "acme-south" }).GetAttributeAsync("class"));
        await PortalPages.ScreenshotAsync(admin, "tenants");

        await admin.GotoAsync($"/tenants/{await hub.TenantAsync("acme")}");
        await admin.GetByLabel("Server (ldap:// or ldaps://").FillAsync("http://dc1.acme.example");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the settings" }).ClickAsync();
        Assert.StartsWith("The LDAP server must be an ldap:// or ldaps:// address", await admin.Locator(".notice.error").InnerTextAsync(), StringComparison.Ordinal);

        const string Secret = "browser-oidc-secret-7";
        await admin.GetByLabel("Server (ldap:// or ldaps://").FillAsync("ldaps://dc1.acme.example:636");
        await admin.GetByLabel("Bind template").FillAsync("{0}@acme.example");
        await admin.GetByLabel("Group base").FillAsync("ou=groups,dc=acme,dc=example");
        await admin.GetByLabel("Authority").FillAsync("https://login.microsoftonline.com/acme/v2.0");
        await admin.GetByLabel("Client id").FillAsync("kdfm-portal");
        await admin.GetByLabel("New client secret").FillAsync(Secret);
        await admin.GetByLabel("the account is locked for").CheckAsync();
        await admin.Locator("input[name=LockoutMinutes]").FillAsync("15");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Save the settings" }).ClickAsync();
        Assert.Equal("The settings of acme are saved.", await admin.Locator(".notice.ok").InnerTextAsync());
        Assert.Equal("Client secret: set", await admin.Locator(".secret-state").InnerTextAsync());
        Assert.Equal(string.Empty, await admin.GetByLabel("New client secret").InputValueAsync());
        Assert.DoesNotContain(Secret, await admin.ContentAsync(), StringComparison.Ordinal);
        await admin.ReloadAsync();
        Assert.DoesNotContain(Secret, await admin.ContentAsync(), StringComparison.Ordinal);
        Assert.Equal("15", await admin.Locator("input[name=LockoutMinutes]").InputValueAsync());
        await PortalPages.ScreenshotAsync(admin, "tenant-settings");
        var acme = await hub.WithDbAsync(db => db.Tenants.AsNoTracking().FirstAsync(t => t.Name == "acme"));
        Assert.Equal(("ldaps://dc1.acme.example:636", 15, true), (acme.LdapUrl, acme.LockoutMinutes.GetValueOrDefault(), acme.OidcClientSecretProtected is not null));
    }
}
