using Microsoft.Playwright;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>Signing in to the portal in a real browser (Chromium), and what a page carries: headers and cookie flags.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Fact]
    public async Task A_user_signs_in_sees_the_dashboard_of_their_tenant_and_signs_out()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("ada@acme.example", "acme-msp", "dealer admin", kind: "dealer");
        var page = await browser.PageAsync(hub);

        await page.GotoAsync("/");
        Assert.EndsWith("/sign-in?returnUrl=%2F", page.Url, StringComparison.Ordinal);
        await PortalPages.ScreenshotAsync(page, "sign-in");

        await PortalPages.SignInAsync(page, "ada@acme.example", "a long test password");
        await page.WaitForURLAsync(hub.Url.ToString());
        Assert.Equal("Dashboard", await page.Locator("h1").InnerTextAsync());
        Assert.Equal("acme-msp", await page.Locator(".topbar .scope").InnerTextAsync());

        var cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "kdfm.session");
        Assert.True(cookie.Secure && cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync("**/sign-out");
        Assert.Equal("Signed out", await page.Locator("h1").InnerTextAsync());
        await page.GotoAsync("/");
        Assert.Contains("/sign-in", page.Url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_the_same_words_as_an_unknown_user()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("bob@acme.example", "acme", "viewer");
        var page = await browser.PageAsync(hub);

        await PortalPages.SignInAsync(page, "bob@acme.example", "not his password");
        string wrong = await page.Locator(".notice").InnerTextAsync();
        await PortalPages.SignInAsync(page, "nobody@acme.example", "whatever password");
        string unknown = await page.Locator(".notice").InnerTextAsync();

        Assert.Equal("Wrong e-mail or password.", wrong);
        Assert.Equal(wrong, unknown);
    }
}
