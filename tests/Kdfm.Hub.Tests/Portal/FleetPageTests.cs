using Kdfm.Hub.Access;
using Kdfm.Hub.Tests.Fleet;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The fleet pages in Chromium on a seeded fleet (<see cref="FleetData"/>: two customers, eight real printers' snapshots,
/// forty days of readings): the dashboard's figures lead to their lists, the list filters and exports, the device page
/// draws its counter chart, the agents page sends a set-config from its form, the meter export downloads. Screenshots for
/// the README's Portal section.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FleetPageTests(BrowserFixture browser)
{
    private const string Password = "a long test password";

    private static async Task<(TestHub Hub, IPage Page)> SignedInAsync(BrowserFixture browser, string role = "dealer admin", string tenant = Dealer)
    {
        var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        string email = $"{role.Replace(' ', '.')}@{tenant}.example";
        await hub.UserAsync(email, tenant, role, Password, kind: tenant == Dealer ? Kdfm.Hub.Storage.TenantKinds.Dealer : Kdfm.Hub.Storage.TenantKinds.Customer,
            parent: tenant == Dealer ? null : Dealer);
        var page = await browser.PageAsync(hub);
        await PortalPages.SignInToAsync(page, email, Password, hub.Url.ToString());
        return (hub, page);
    }

    [Fact]
    public async Task The_dashboard_figures_link_to_their_lists()
    {
        var (hub, page) = await SignedInAsync(browser);
        await using var _ = hub;

        Assert.Equal("8", await page.Locator("#figure-devices .number").InnerTextAsync());
        Assert.Equal("5", await page.Locator("#figure-up .number").InnerTextAsync());
        Assert.Equal("1", await page.Locator("#figure-down .number").InnerTextAsync());
        Assert.Equal("2", await page.Locator("#figure-error .number").InnerTextAsync());
        Assert.Equal("1", await page.Locator("#figure-low .number").InnerTextAsync());
        Assert.Equal("3", await page.Locator("#figure-alerts .number").InnerTextAsync());
        Assert.Equal(2, await page.Locator("table.agents-seen tbody tr").CountAsync());
        await PortalPages.ScreenshotAsync(page, "dashboard");

        foreach (var (figure, names) in new (string, string[])[]
        {
            ("#figure-down", ["BETA-HL-L8260"]), ("#figure-error", ["ALPHA-MX3570-2F", "BETA-M4080"]), ("#figure-low", ["ALPHA-DCP-L3550"]),
            ("#figure-alerts", ["ALPHA-CS4053", "BETA-HL-L8260", "BETA-PLOTTER"]),
        })
        {
            await page.GotoAsync("/");
            await page.Locator(figure).ClickAsync();
            await page.WaitForURLAsync("**/devices?**");
            Assert.Equal(names, await page.Locator("table.devices tbody td:first-child").AllInnerTextsAsync());
            Assert.Equal(names.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator(".device-count").InnerTextAsync());
        }
    }

    [Fact]
    public async Task The_devices_list_filters_sorts_and_exports_the_filtered_list()
    {
        var (hub, page) = await SignedInAsync(browser);
        await using var _ = hub;

        await page.GotoAsync("/devices");
        Assert.Equal(8, await page.Locator("table.devices tbody tr").CountAsync());
        await PortalPages.ScreenshotAsync(page, "devices");

        await page.GetByLabel("Vendor").SelectOptionAsync("Brother");
        await page.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await page.WaitForURLAsync("**vendor=Brother**");
        Assert.Equal(["ALPHA-DCP-L3550", "BETA-HL-L8260"], await page.Locator("table.devices tbody td:first-child").AllInnerTextsAsync());

        await page.GetByRole(AriaRole.Link, new() { Name = "Pages" }).ClickAsync();
        await page.WaitForURLAsync("**sort=pages**");
        Assert.Equal(["ALPHA-DCP-L3550", "BETA-HL-L8260"], await page.Locator("table.devices tbody td:first-child").AllInnerTextsAsync()); // 1,611 then 42,976 pages
        await page.GetByRole(AriaRole.Link, new() { Name = "Pages ▲" }).ClickAsync();
        await page.WaitForURLAsync("**desc=true**");
        Assert.Equal(["BETA-HL-L8260", "ALPHA-DCP-L3550"], await page.Locator("table.devices tbody td:first-child").AllInnerTextsAsync());

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        string[] lines = (await File.ReadAllTextAsync(await download.PathAsync())).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("devices.csv", download.SuggestedFilename);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("beta,brother:U64641E7J134163,BETA-HL-L8260,Brother,HL-L8260CDW,", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("alpha,brother:E78123K9N412345,ALPHA-DCP-L3550,Brother,DCP-L3550CDW,", lines[2], StringComparison.Ordinal);
        var entry = await hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditActions.Export));
        Assert.Equal(("dealer.admin@acme-msp.example", "devices", "CSV from the portal: 2 device(s), vendor Brother"), (entry.Actor, entry.Target, entry.Detail));
    }

    [Fact]
    public async Task The_device_page_shows_the_counter_chart_supplies_and_deltas()
    {
        var (hub, page) = await SignedInAsync(browser);
        await using var _ = hub;

        await page.GotoAsync("/devices");
        await page.GetByRole(AriaRole.Link, new() { Name = "ALPHA-CS4053" }).ClickAsync();
        await page.WaitForURLAsync("**/devices/alpha/kyocera*");
        Assert.Equal("ALPHA-CS4053", (await page.Locator("h1").InnerTextAsync()).Split(" ")[0]);
        var chart = page.Locator("#counter-chart");
        await chart.Locator("canvas").WaitForAsync();
        await Kdfm.Testing.Eventually.True(async () => await chart.GetAttributeAsync("data-points") is not null, "the chart drawn");
        Assert.Equal(Days.ToString(System.Globalization.CultureInfo.InvariantCulture), await chart.GetAttributeAsync("data-points"));
        Assert.StartsWith("total,", await chart.GetAttributeAsync("data-series"), StringComparison.Ordinal);
        var canvas = await chart.Locator("canvas").BoundingBoxAsync();
        Assert.True(canvas!.Width > 300 && canvas.Height > 200, $"canvas {canvas.Width}x{canvas.Height}");
        Assert.Equal(["50", "32", "55", "72"], await page.Locator(".supplies meter").EvaluateAllAsync<string[]>("m => m.map(x => x.getAttribute('value'))"));
        Assert.Equal(2, await page.Locator("table.alerts tbody tr").CountAsync());
        Assert.Equal("180", await page.Locator("table.daily tbody tr:first-child td:last-child").InnerTextAsync());
        Assert.Equal(Kdfm.Hub.Portal.Fleet.DeviceDetail.ReadingsPageSize, await page.Locator(".readings tbody tr").CountAsync());
        await PortalPages.ScreenshotAsync(page, "device");
    }

    [Fact]
    public async Task The_agents_page_sends_a_set_config_from_its_form_and_never_shows_the_secrets_back()
    {
        var (hub, page) = await SignedInAsync(browser);
        await using var _ = hub;
        string agent = await hub.WithDbAsync(db => db.Agents.Join(db.Tenants, a => a.TenantId, t => t.Id, (a, t) => new { a.Id, t.Name }).Where(x => x.Name == Alpha)
            .Select(x => x.Id).SingleAsync());

        await page.GotoAsync("/agents");
        var card = page.Locator($"section.agent-card[id='{agent}']");
        await card.Locator("details.set-config summary").ClickAsync();
        var form = card.Locator("form.config-form");
        await form.GetByLabel("Targets").FillAsync("10.1.0.0/24\nprinters.alpha.example");
        await form.GetByLabel("Exclusions").FillAsync("10.1.0.1");
        await form.GetByLabel("Poll every (seconds)").FillAsync("300");
        var first = form.Locator("fieldset.profile").Nth(0);
        await first.GetByLabel("Name").FillAsync("alpha v3");
        await first.GetByLabel("SNMP version").SelectOptionAsync("3");
        await first.GetByLabel("User (v3)").FillAsync("kdfm");
        await first.GetByLabel("Authentication (v3)").SelectOptionAsync("SHA-256");
        await first.GetByLabel("Auth passphrase").FillAsync("auth-secret-123");
        await first.GetByLabel("Privacy (v3)").SelectOptionAsync("AES");
        await first.GetByLabel("Privacy passphrase").FillAsync("priv-secret-456");
        await form.GetByRole(AriaRole.Button, new() { Name = "Send configuration" }).ClickAsync();
        await page.Locator(".notice.ok").WaitForAsync();

        Assert.StartsWith($"New configuration sent to {agent}", await page.Locator(".notice.ok").InnerTextAsync(), StringComparison.Ordinal);
        string html = await page.ContentAsync();
        Assert.DoesNotContain("auth-secret-123", html, StringComparison.Ordinal);
        Assert.DoesNotContain("priv-secret-456", html, StringComparison.Ordinal);
        var task = await hub.WithDbAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.AgentId == agent));
        Assert.Equal("set-config", task.Kind);
        var config = System.Text.Json.Nodes.JsonNode.Parse(task.ConfigJson!)!;
        Assert.Equal("""["10.1.0.0/24","printers.alpha.example"]""", config["targets"]!.ToJsonString());
        Assert.Equal(300, (int)config["pollIntervalSeconds"]!);
        Assert.Equal("""{"name":"alpha v3","version":"3","user":"kdfm","auth":"SHA-256","authPassphrase":"auth-secret-123","priv":"AES","privPassphrase":"priv-secret-456"}""",
            config["profiles"]![0]!.ToJsonString());
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.TaskCreated && a.Target == agent && a.Detail == "set-config")));

        await card.GetByRole(AriaRole.Button, new() { Name = "Poll now" }).ClickAsync();
        await page.Locator(".notice.ok").GetByText("Task poll-now").WaitForAsync();
        Assert.Equal(2, await page.Locator($"section.agent-card[id='{agent}'] table.tasks tbody tr").CountAsync());
        await PortalPages.ScreenshotAsync(page, "agents");
    }

    [Fact]
    public async Task The_meter_export_downloads_the_start_and_end_meters_of_the_period()
    {
        var (hub, page) = await SignedInAsync(browser);
        await using var _ = hub;

        await page.GotoAsync("/meters?from=2026-11-08&to=2026-11-17");
        int standard = SeededPrinters.Sum(p => System.Text.Json.JsonDocument.Parse(WalkSnapshot(p.Walk)).RootElement.GetProperty("counters").EnumerateArray()
            .Count(c => !c.GetProperty("name").GetString()!.StartsWith("vendor:", StringComparison.Ordinal)));
        Assert.Equal(standard.ToString(System.Globalization.CultureInfo.InvariantCulture), await page.Locator(".meter-count").InnerTextAsync());
        await PortalPages.ScreenshotAsync(page, "meters");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export CSV" }).ClickAsync());
        string csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith(string.Join(',', Kdfm.Hub.Portal.Fleet.MeterExport.CsvHeader) + "\r\n", csv, StringComparison.Ordinal);
        Assert.Contains($"alpha,sharp:6509415X00,ALPHA-MX3570-2F,Sharp,MX-3570N,6509415X00,total,2026-11-08T09:00:00Z,{121104 - 20 * 420},2026-11-17T09:00:00Z,{121104 - 11 * 420},3780,\r\n",
            csv, StringComparison.Ordinal);
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.Export && a.Target == "meters")));
    }

    [Fact]
    public async Task A_dealer_defines_its_meters_and_the_page_bills_each_device_by_them()
    {
        var (hub, page) = await SignedInAsync(browser);
        await using var _ = hub;
        int dealer = await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == Dealer).Select(t => t.Id).FirstAsync());

        await page.GotoAsync($"/meters?from=2026-11-08&to=2026-11-17&tenant={dealer}");
        Assert.Equal("No meter definition applies: each counter is billed on its own.", await page.Locator(".meter-definition .hint").InnerTextAsync());
        await page.Locator(".meter-definition textarea").FillAsync("black = mono\ncolour = colour");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save definition" }).ClickAsync();
        Assert.Equal("Meter 2: 'colour' in 'colour' is no counter: use " + string.Join(", ", Kdfm.Printers.Meters.MeterNames.All) + " or vendor:<name>",
            await page.Locator(".meter-definition .notice.error").InnerTextAsync());

        await page.Locator(".meter-definition textarea").FillAsync("black = mono\ncolour = color\nA4 mono = print.mono + copy.mono");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save definition" }).ClickAsync();
        await page.WaitForSelectorAsync("table.billed");
        Assert.Equal($"Billed as set for {Dealer}: black = mono; colour = color; A4 mono = print.mono + copy.mono", await page.Locator(".meter-definition .hint").InnerTextAsync());
        Assert.Equal(SeededPrinters.Length * 3, await page.Locator("table.billed tbody tr").CountAsync());
        var sharpA4 = page.Locator("table.billed tbody tr", new() { HasText = "ALPHA-MX3570-2F" }).Filter(new() { HasText = "A4 mono" });
        Assert.Equal("7,560", await sharpA4.Locator("td:nth-child(7)").InnerTextAsync()); // 9 days of 420 prints and 420 copies
        await PortalPages.ScreenshotAsync(page, "meters-billed");

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Export billed meters" }).ClickAsync());
        string csv = await File.ReadAllTextAsync(await download.PathAsync());
        Assert.StartsWith(string.Join(',', Kdfm.Hub.Portal.Fleet.DefinedMeters.CsvHeader) + "\r\n", csv, StringComparison.Ordinal);
        Assert.Contains(",A4 mono,print.mono + copy.mono,2026-11-08T09:00:00Z,", csv, StringComparison.Ordinal);
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.Export && a.Target == "billed meters")));
    }

    [Fact]
    public async Task A_customers_viewer_sees_only_that_customer_and_cannot_act_on_agents()
    {
        var (hub, page) = await SignedInAsync(browser, "viewer", Alpha);
        await using var _ = hub;

        Assert.Equal("4", await page.Locator("#figure-devices .number").InnerTextAsync());
        await page.GotoAsync("/devices");
        Assert.All(await page.Locator("table.devices tbody td:nth-child(2)").AllInnerTextsAsync(), t => Assert.Equal(Alpha, t));
        var response = await page.GotoAsync("/devices/beta/hp:VNCRC48198");
        Assert.Equal(404, response!.Status);
        response = await page.GotoAsync("/devices/beta/hp:VNCRC48198?handler=Chart");
        Assert.Equal(404, response!.Status);
        await page.GotoAsync("/agents");
        Assert.Equal(1, await page.Locator("section.agent-card").CountAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "Poll now" }).CountAsync());
        Assert.Equal(0, await page.Locator("form.config-form").CountAsync());

        // A forged POST (with a valid antiforgery token from a form the viewer has) is refused and audited: no task is made.
        await page.GotoAsync("/devices");
        string token = await page.Locator("form.export input[name='__RequestVerificationToken']").GetAttributeAsync("value") ?? "";
        string agent = await hub.WithDbAsync(db => db.Agents.Select(a => a.Id).FirstAsync());
        int status = await page.EvaluateAsync<int>(
            "async ([agent, token]) => (await fetch('/agents?handler=Task&agent=' + agent + '&kind=poll-now', { method: 'POST', body: new URLSearchParams({ __RequestVerificationToken: token }) })).status",
            new[] { agent, token });
        Assert.Equal(403, status);
        Assert.Equal(0, await hub.WithDbAsync(db => db.Tasks.CountAsync()));
        var denied = await hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(a => a.Action == AuditActions.Denied));
        Assert.Equal(("viewer@alpha.example", "needs ManageAgents", AuditLog.Denied), (denied.Actor, denied.Detail, denied.Outcome));
    }
}
