using Microsoft.Playwright;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The issue's "done when", as a new user does it in a browser: the dealer admin signs in, enrols two-factor sign-in,
/// sees both customers' printers and the counter chart of one; a customer's viewer sees only that customer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WalkthroughTests(BrowserFixture browser)
{
    private const string Password = "a long test password";

    [Fact]
    public async Task The_dealer_admin_enrols_two_factor_sees_both_customers_and_a_chart_and_a_customers_viewer_sees_only_theirs()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        await hub.UserAsync("admin@acme-msp.example", Dealer, "dealer admin", Password, kind: Kdfm.Hub.Storage.TenantKinds.Dealer);
        await hub.UserAsync("viewer@alpha.example", Alpha, "viewer", Password, parent: Dealer);

        // The dealer admin: sign in, enrol TOTP, sign in again with a code.
        var admin = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(admin, "admin@acme-msp.example", Password);
        await admin.WaitForURLAsync(hub.Url.ToString());
        var (key, recovery) = await TwoFactorTests.EnrolAsync(admin);
        Assert.Equal(10, recovery.Count);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await admin.WaitForURLAsync("**/sign-out", new() { Timeout = 60_000 }); // a loaded machine: the whole suite runs at once
        await PortalPages.SignInAsync(admin, "admin@acme-msp.example", Password);
        try
        {
            await admin.WaitForURLAsync("**/sign-in/second-factor**", new() { Timeout = 60_000 }); // a loaded machine: the whole suite runs at once
        }
        catch (TimeoutException)
        {
            Assert.Fail($"after the password, not the second-factor page but {admin.Url}: {string.Join(" | ", await admin.Locator("h1, .notice").AllInnerTextsAsync())}");
        }

        await admin.GetByLabel("The 6-digit code of your authenticator app").FillAsync(TwoFactorTests.CodeFor(key));
        await admin.GetByRole(AriaRole.Button, new() { Name = "Verify" }).ClickAsync();
        await admin.WaitForURLAsync(hub.Url.ToString());

        // Both customers' printers, and the counter chart of one.
        await admin.GotoAsync("/devices");
        var tenants = (await admin.Locator("table.devices tbody tr td:nth-child(2)").AllInnerTextsAsync()).Distinct().Order().ToArray();
        Assert.Equal([Alpha, Beta], tenants);
        Assert.Equal(SeededPrinters.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await admin.Locator(".device-count").InnerTextAsync());
        await admin.GetByRole(AriaRole.Link, new() { Name = "BETA-M130NW" }).ClickAsync();
        await admin.WaitForURLAsync("**/devices/beta/**");
        var chart = admin.Locator("#counter-chart");
        await chart.Locator("canvas").WaitForAsync();
        await Kdfm.Testing.Eventually.True(async () => await chart.GetAttributeAsync("data-points") is not null, "the chart drawn");
        Assert.Equal(Days.ToString(System.Globalization.CultureInfo.InvariantCulture), await chart.GetAttributeAsync("data-points"));

        // A customer's viewer: only that customer, and the other's printer is not found.
        var viewer = await browser.PageAsync(hub);
        await PortalPages.SignInAsync(viewer, "viewer@alpha.example", Password);
        await viewer.WaitForURLAsync(hub.Url.ToString());
        await viewer.GotoAsync("/devices");
        Assert.Equal([Alpha], (await viewer.Locator("table.devices tbody tr td:nth-child(2)").AllInnerTextsAsync()).Distinct().ToArray());
        string betaDevice = new Uri(admin.Url).PathAndQuery;
        var response = await viewer.GotoAsync(betaDevice);
        Assert.Equal(404, response!.Status);
        Assert.Equal("Not found", await viewer.Locator("h1").InnerTextAsync());
    }
}
