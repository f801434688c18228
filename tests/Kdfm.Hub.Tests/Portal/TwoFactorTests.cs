using Kdfm.Hub.Access;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OtpNet;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>Two-factor sign-in in a real browser: enrolment read off the page, codes computed as an authenticator app would (Otp.NET).</summary>
[Collection(BrowserCollection.Name)]
public sealed class TwoFactorTests(BrowserFixture browser)
{
    public const string Password = "a long test password";

    /// <summary>The code an authenticator app shows now for the key as the page shows it ("abcd efgh …").</summary>
    public static string CodeFor(string shownKey) => new Totp(Base32Encoding.ToBytes(shownKey.Replace(" ", string.Empty, StringComparison.Ordinal).ToUpperInvariant())).ComputeTotp();

    /// <summary>From the account page: enrols, and returns the key as shown and the recovery codes.</summary>
    public static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(IPage page, string? screenshot = null)
    {
        if (!page.Url.EndsWith("/account/two-factor", StringComparison.Ordinal))
        {
            await page.GotoAsync("/account/two-factor");
        }

        string key = await page.Locator("code.manual-key").InnerTextAsync();
        Assert.StartsWith("data:image/png;base64,", await page.Locator("img.qr").GetAttributeAsync("src"), StringComparison.Ordinal);
        if (screenshot is not null)
        {
            await PortalPages.ScreenshotAsync(page, screenshot);
        }

        await page.GetByLabel("6-digit code").FillAsync(CodeFor(key));
        await page.GetByRole(AriaRole.Button, new() { Name = "Turn on two-factor sign-in" }).ClickAsync();
        Assert.Equal("Two-factor sign-in is on. Keep these recovery codes somewhere safe: they are shown only now.", await page.Locator(".notice").InnerTextAsync());
        return (key, await page.Locator("ul.recovery-codes code").AllInnerTextsAsync());
    }

    private static async Task SignOutAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/sign-out", new() { Timeout = 60_000 }); // a loaded machine: the whole suite runs at once
    }

    private static async Task SecondFactorAsync(IPage page, string code)
    {
        await page.WaitForURLAsync("**/sign-in/second-factor**");
        await page.GetByLabel("The 6-digit code of your authenticator app").FillAsync(code);
        await page.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
    }

    [Fact]
    public async Task A_user_enrols_signs_in_with_a_code_and_uses_a_recovery_code_once()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("ada@acme.example", "acme", "technician");
        var page = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(page, "ada@acme.example", Password);
        await page.WaitForURLAsync(hub.Url.ToString());
        await page.GotoAsync("/account");
        Assert.Equal("Off.", await page.Locator("#two-factor-state").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Set up an authenticator app" }).ClickAsync();

        var (key, codes) = await EnrolAsync(page, "account-two-factor");

        Assert.Equal(32, key.Replace(" ", string.Empty, StringComparison.Ordinal).Length); // 160 bits, Base32 (RFC 4226 §4 R6)
        Assert.Equal(10, codes.Distinct().Count());
        Assert.All(codes, c => Assert.Matches("^[A-Z0-9]{5}-[A-Z0-9]{5}$", c));
        await page.GotoAsync("/account");
        Assert.Equal("On: an authenticator app. 10 of 10 recovery codes left.", await page.Locator("#two-factor-state").InnerTextAsync());
        await PortalPages.ScreenshotAsync(page, "account");

        await SignOutAsync(page);
        await PortalPages.SignInAsync(page, "ada@acme.example", Password);
        await page.WaitForURLAsync("**/sign-in/second-factor**");
        await PortalPages.ScreenshotAsync(page, "second-factor");
        await SecondFactorAsync(page, CodeFor(key));
        await page.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());

        await SignOutAsync(page);
        await PortalPages.SignInAsync(page, "ada@acme.example", Password);
        await SecondFactorAsync(page, codes[0].ToLowerInvariant()); // as typed from paper: the case does not matter
        await page.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());

        await SignOutAsync(page);
        await PortalPages.SignInAsync(page, "ada@acme.example", Password);
        await SecondFactorAsync(page, codes[0]);
        Assert.Equal("That code is not right (or was used already).", await page.Locator(".notice").InnerTextAsync());
        await SecondFactorAsync(page, codes[1]);
        await page.WaitForURLAsync(hub.Url.ToString());

        var used = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.RecoveryCodeUsed).OrderBy(a => a.Id).Select(a => a.Detail).ToListAsync());
        Assert.Equal(["a recovery code was used; 9 left", "a recovery code was used; 8 left"], used);
        var refused = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.SignInFailed).Select(a => a.Detail).ToListAsync());
        Assert.Equal(["wrong recovery code"], refused);
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.TwoFactorEnabled && a.Detail == "authenticator app, 10 recovery codes")));
    }

    [Fact]
    public async Task A_tenant_that_requires_two_factor_sends_its_users_and_its_customers_users_to_enrolment_first()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("bea@shop.example", "shop", "viewer", parent: "msp");
        await hub.WithDbAsync(async db =>
        {
            (await db.Tenants.SingleAsync(t => t.Name == "msp")).RequireTwoFactor = true; // the dealer: it covers its customers
            return await db.SaveChangesAsync();
        });
        var page = await browser.PageAsync(hub);

        await PortalPages.SignInAsync(page, "bea@shop.example", Password);
        await page.WaitForURLAsync("**/account/two-factor");
        Assert.Equal("msp requires two-factor sign-in: set it up to go on.", await page.Locator(".notice.warn").InnerTextAsync());
        foreach (string elsewhere in new[] { "/", "/account", "/devices" })
        {
            await page.GotoAsync(elsewhere);
            Assert.EndsWith("/account/two-factor", page.Url, StringComparison.Ordinal);
        }

        Assert.Equal(403, (await page.Context.APIRequest.GetAsync("/api/v1/devices")).Status); // the session reaches no API either

        await EnrolAsync(page);
        await page.GotoAsync("/");
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync("/api/v1/devices")).Status);
        await page.GotoAsync("/account/two-factor");
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Turn it off" }).CountAsync());
        Assert.Equal("msp requires two-factor sign-in: it cannot be turned off.", await page.Locator("p.hint").InnerTextAsync());
    }

    [Fact]
    public async Task Sign_out_everywhere_ends_the_sessions_of_every_browser()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("cy@acme.example", "acme", "viewer");
        var laptop = await browser.PageAsync(hub);
        var phone = await browser.PageAsync(hub);
        foreach (var page in new[] { laptop, phone })
        {
            await PortalPages.SignInAsync(page, "cy@acme.example", Password);
            await page.WaitForURLAsync(hub.Url.ToString());
        }

        await laptop.GotoAsync("/account");
        laptop.Dialog += async (_, dialog) => await dialog.AcceptAsync(); // the data-confirm question
        await laptop.GetByRole(AriaRole.Button, new() { Name = "Sign out everywhere" }).ClickAsync();
        await laptop.WaitForURLAsync(url => url.Contains("/sign-in", StringComparison.Ordinal));
        Assert.EndsWith("/sign-in?done=signed-out-everywhere", laptop.Url, StringComparison.Ordinal);
        Assert.Equal("You are signed out in every browser.", await laptop.Locator(".notice").InnerTextAsync());

        await phone.GotoAsync("/");
        Assert.Contains("/sign-in?returnUrl=", phone.Url, StringComparison.Ordinal);
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.SignOutEverywhere && a.Target == "cy@acme.example")));
    }

    [Fact]
    public async Task A_user_changes_their_password_keeps_this_session_and_signs_in_with_the_new_one()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("dan@acme.example", "acme", "viewer");
        var page = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(page, "dan@acme.example", Password);
        await page.WaitForURLAsync(hub.Url.ToString());
        await page.GotoAsync("/account");

        await page.Locator("#Current").FillAsync("not the password");
        await page.Locator("#Password").FillAsync("a new long password");
        await page.Locator("#Again").FillAsync("a new long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        Assert.Equal("The current password is not right.", await page.Locator(".notice").InnerTextAsync());

        await page.Locator("#Current").FillAsync(Password);
        await page.Locator("#Password").FillAsync("a new long password");
        await page.Locator("#Again").FillAsync("a new long password");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change the password" }).ClickAsync();
        Assert.Equal("Your password is changed. Your other sessions are signed out.", await page.Locator(".notice").InnerTextAsync());
        await page.GotoAsync("/");
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());

        await SignOutAsync(page);
        await PortalPages.SignInAsync(page, "dan@acme.example", "a new long password");
        await page.WaitForURLAsync(hub.Url.ToString());
        var audited = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.PasswordChanged).OrderBy(a => a.Id).Select(a => a.Outcome + " " + a.Detail).ToListAsync());
        Assert.Equal(["failed wrong current password", "ok on the account page"], audited);
    }
}
