using System.Text.RegularExpressions;
using Kdfm.Agent.V1;
using Kdfm.Hub.Tests.Portal;
using Kdfm.Testing;
using Microsoft.Playwright;

namespace Kdfm.Hub.Tests.WebAccess;

/// <summary>
/// The walk in Chromium: a technician opens a printer's own page from the portal — portal → hub → the hub's
/// sshd → the agent's SSH tunnel (SSH.NET, as the collector's) → kdfm-sim's web page —, sees its serial, logs in to the
/// printer through the proxy, reads the access log, and closes the session. (The real collector process carries the
/// same tunnel in Kdfm.EndToEnd.Tests.)
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class WebAccessBrowserTests(BrowserFixture browser)
{
    private const string Password = "a long test password";

    [GeneratedRegex("<td id=\"serial\">([^<]+)</td>")]
    private static partial Regex SerialCell();

    [Fact]
    public async Task A_technician_opens_a_printers_own_page_signs_in_to_it_reads_the_access_log_and_closes_the_session()
    {
        int http = FreePort.Tcp();
        await using var hub = await TestHub.StartAsync(o =>
        {
            o.DeviceWebAccess.SshListen = $"127.0.0.1:{FreePort.Tcp()}";
            o.DeviceWebAccess.AllowedPorts = $"80,443,{http}";
        });
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], range: "127.42.0.0/29");
        await fleet.StartWebAsync(http, null);
        string address = fleet[0].Address.ToString();
        string serial;
        using (var direct = new HttpClient())
        {
            // What the printer says of itself, asked directly: the page through the tunnel must say the same.
            serial = SerialCell().Match(await direct.GetStringAsync($"http://{address}:{http}/index.html")).Groups[1].Value;
        }

        Assert.NotEmpty(serial);
        using var agent = await TunnelAgent.StartAsync(hub, "acme", address);
        await hub.UserAsync("tech@acme.test", "acme", "technician", Password);

        var page = await browser.PageAsync(hub);
        await PortalPages.SignInToAsync(page, "tech@acme.test", Password, hub.Url.ToString());
        await page.GotoAsync($"/devices/acme/{TunnelAgent.DeviceKey}");
        await PortalPages.ScreenshotAsync(page, "web-access-device");
        await page.Locator("#web-access select[name=port]").SelectOptionAsync(http.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await page.GetByRole(AriaRole.Button, new() { Name = "Open the printer's web page" }).ClickAsync();
        await page.WaitForURLAsync("**/web-sessions/dwa_*");

        // The agent takes the task (MQTT would wake it; here it polls) and opens its tunnel to the printer.
        var task = Assert.Single((await agent.PollAsync()).Tasks, t => t.TaskKind == TaskKind.WebSession);
        agent.Forward(task.WebSession.ListenPort, http, address);
        await agent.ReportAsync(task.Id, true, "tunnel open");

        var printer = await page.Context.RunAndWaitForPageAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Open the printer's page" }).ClickAsync());
        await printer.Locator("#serial").WaitForAsync();
        Assert.Equal(serial, await printer.Locator("#serial").InnerTextAsync());
        Assert.NotEqual(new Uri(hub.Url.ToString()).Port, new Uri(printer.Url).Port); // its own origin
        await PortalPages.ScreenshotAsync(printer, "web-access-printer");

        // The printer's own login form and its redirect, through the proxy.
        await printer.GetByRole(AriaRole.Link, new() { Name = "Log in" }).First.ClickAsync();
        await printer.Locator("#password").FillAsync(serial);
        await printer.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await printer.WaitForURLAsync("**/status");
        Assert.Equal(serial, await printer.Locator("#serial").InnerTextAsync());

        // The access log, on the session's page.
        await page.ReloadAsync();
        var rows = await page.Locator("#access-log tbody tr").AllInnerTextsAsync();
        Assert.Contains(rows, r => r.Contains("POST\t/login\t303", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("GET\t/status\t200", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("GET\t/index.html\t200", StringComparison.Ordinal));
        await PortalPages.ScreenshotAsync(page, "web-access-session");

        await page.GetByRole(AriaRole.Button, new() { Name = "Close the session" }).ClickAsync();
        await page.Locator("h1 .state").Filter(new() { HasText = "ended" }).WaitForAsync();
        var after = await page.Context.NewPageAsync();
        await Assert.ThrowsAsync<PlaywrightException>(() => after.GotoAsync(printer.Url)); // the session's origin is closed
    }
}
