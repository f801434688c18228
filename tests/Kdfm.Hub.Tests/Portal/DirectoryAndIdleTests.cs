using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>In a real browser: a directory (slapd) user signs in with their group's role; an idle account is disabled by the daily job.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DirectoryAndIdleTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_directory_user_signs_in_with_their_directory_password_and_gets_their_group_s_role()
    {
        using var ldap = await DirectoryFixture.StartAsync();
        await using var hub = await TestHub.StartAsync();
        await DirectoryFixture.ConfigureAsync(hub, ldap);
        var page = await browser.PageAsync(hub);

        await PortalPages.SignInAsync(page, "bob@corp.example", DirectoryFixture.BobPassword);
        await page.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());
        await page.GotoAsync("/account");
        Assert.Equal(("bob@corp.example", "corp", "viewer"),
            (await page.Locator("#account-email").InnerTextAsync(), await page.Locator("#account-tenant").InnerTextAsync(), await page.Locator("#account-role").InnerTextAsync()));
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).CountAsync()); // the directory's password

        var other = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(other, "eve@corp.example", DirectoryFixture.EvePassword);
        Assert.Equal("Your directory account is right, but none of its groups has a role in Kdfm. An administrator of your organisation can give your group a role.",
            await other.Locator(".notice").InnerTextAsync());
        await PortalPages.SignInAsync(other, "bob@corp.example", "not bob's password");
        Assert.Equal("Wrong e-mail or password.", await other.Locator(".notice").InnerTextAsync());
        var signIns = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.SignIn).Select(a => a.Target + " " + a.Detail).ToListAsync());
        Assert.Equal(["bob@corp.example directory password"], signIns);
    }

    [Fact]
    public async Task An_account_idle_for_its_tenant_s_days_is_disabled_by_the_daily_job_and_the_audit_log_says_so()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        await hub.UserAsync("ida@acme.example", "acme", "viewer");

        clock.Advance(TimeSpan.FromDays(91));
        var (disabled, _) = await hub.Started.App.Services.GetRequiredService<AccountHousekeeping>().RunOnceAsync(CancellationToken.None);
        Assert.Equal(["ida@acme.example"], disabled);

        var page = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(page, "ida@acme.example", TwoFactorTests.Password);
        Assert.Equal("This account is disabled. An administrator of your organisation can enable it again.", await page.Locator(".notice").InnerTextAsync());
        var audited = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Target == "ida@acme.example" && a.Action != AuditActions.UserCreated).OrderBy(a => a.Id)
            .Select(a => a.Action + ": " + a.Detail).ToListAsync());
        Assert.Equal(2, audited.Count);
        Assert.StartsWith("account.idle-disabled: no sign-in for 90 days (never signed in since ", audited[0], StringComparison.Ordinal);
        Assert.Equal("sign-in.failed: account disabled (no sign-in for 90 days)", audited[1]);
    }

    [Fact]
    public async Task A_user_signs_in_with_their_tenant_s_single_sign_on_and_lands_signed_in_on_the_dashboard()
    {
        await using var provider = await TestIdentityProvider.StartAsync();
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("sam@corp.example", "corp", "technician");
        await hub.WithDbAsync(async db =>
        {
            var tenant = await db.Tenants.SingleAsync(t => t.Name == "corp");
            (tenant.OidcAuthority, tenant.OidcClientId) = (provider.Authority, TestIdentityProvider.ClientId); // a public client: PKCE, no secret
            return await db.SaveChangesAsync();
        });
        provider.Email = "sam@corp.example";
        var page = await browser.PageAsync(hub);

        await page.GotoAsync("/sign-in?tenant=corp");
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with corp SSO" }).ClickAsync();

        // Back from the provider, the session cookie (SameSite=Strict) is sent only once a page of ours leads on.
        await page.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("sam@corp.example", await page.Locator(".topbar .user").InnerTextAsync());
        Assert.False(provider.TokenRequest!.ContainsKey("client_secret"));
    }
}
