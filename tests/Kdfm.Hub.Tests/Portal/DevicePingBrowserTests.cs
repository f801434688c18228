using System.Text.Json.Nodes;
using Kdfm.Agent.V1;
using Kdfm.Hub.Tests.Fleet;
using Microsoft.Playwright;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// A printer that stopped answering SNMP but answers ping, in Chromium: its page says so, a technician pings it from the page,
/// the ping waits for the agent, then shows each probe. The screenshot (docs/portal/device-ping.png) is the README's.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DevicePingBrowserTests(BrowserFixture browser)
{
    private const string Password = "a long test password";
    private const string Key = "kyocera:RH28Y00777";

    [Fact]
    public async Task A_technician_pings_a_printer_whose_snmp_is_silent_and_sees_each_round_trip()
    {
        await using var hub = await TestHub.StartAsync();
        await SeedAsync(hub);
        var activated = await hub.Grpc().ActivateAsync(new ActivateRequest { Code = await hub.CodeAsync(Alpha), HostName = "alpha-dca02", Version = "0.9.0" });
        var auth = TestHub.Auth(activated.AgentId, activated.Credential);
        await hub.Grpc().PollAsync(new PollRequest { Version = "0.9.0", Status = new AgentStatus { Targets = { "10.1.0.0/24" } } }, auth);
        // The printer as last read, then the collector's down reading: SNMP silent, but it answers ping.
        var read = JsonNode.Parse(Snapshot(SeededPrinters[2], 0))!.AsObject();
        read["key"] = Key;
        read["address"] = "10.1.0.17";
        read["sysName"] = "ALPHA-CS4053-3F";
        read["serial"] = "RH28Y00777";
        var down = new JsonObject
        {
            ["address"] = "10.1.0.17", ["key"] = Key, ["collectedAt"] = (Now + TimeSpan.FromMinutes(20)).ToString("O"), ["sysName"] = "ALPHA-CS4053-3F",
            ["vendor"] = read["vendor"]?.DeepClone(), ["model"] = read["model"]?.DeepClone(), ["serial"] = "RH28Y00777", ["status"] = "down", ["ping"] = "replied",
        };
        await hub.Grpc().UploadAsync(new UploadRequest
        {
            Readings = { TestSnapshots.Reading(1, Key, read.ToJsonString()), TestSnapshots.Reading(2, Key, down.ToJsonString()) },
        }, auth);
        await SummariseAsync(hub);
        await hub.UserAsync("tech@alpha.example", Alpha, "technician", Password, parent: Dealer);
        var page = await browser.PageAsync(hub);
        await PortalPages.SignInToAsync(page, "tech@alpha.example", Password, hub.Url.ToString());

        await page.GotoAsync("/devices");
        Assert.Equal("SNMP silent (answers ping)", await page.Locator("table.devices tr", new() { HasText = "ALPHA-CS4053-3F" }).Locator(".state").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "ALPHA-CS4053-3F" }).ClickAsync();
        await page.WaitForURLAsync("**/devices/alpha/kyocera*");
        Assert.Equal("SNMP silent (answers ping)", await page.Locator("h1 .state").InnerTextAsync());

        await page.GetByLabel("Echo requests").FillAsync("4");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ping 10.1.0.17" }).ClickAsync();
        await page.WaitForURLAsync("**#pings");
        Assert.Equal("waiting for the agent", await page.Locator("table.pings tbody tr:first-child .badge").InnerTextAsync());

        // The agent takes it and answers.
        var task = Assert.Single((await hub.Grpc().PollAsync(new PollRequest { Version = "0.9.0" }, auth)).Tasks);
        Assert.Equal(("10.1.0.17", 4), (task.Ping.Target, task.Ping.Count));
        await hub.Grpc().ReportTaskResultAsync(new TaskResult
        {
            TaskId = task.Id, Ok = true, Message = "4 sent, 3 received, 25% loss, rtt min/avg/max 0.38/0.45/0.58 ms",
            Ping = new PingResult
            {
                Address = "10.1.0.17", Sent = 4, Received = 3,
                Probes =
                {
                    new PingProbe { Sequence = 1, Status = "success", RttMs = 0.58 }, new PingProbe { Sequence = 2, Status = "success", RttMs = 0.41 },
                    new PingProbe { Sequence = 3, Status = "timed-out" }, new PingProbe { Sequence = 4, Status = "success", RttMs = 0.38 },
                },
            },
        }, auth);
        await page.GetByLabel("Echo requests").FillAsync("2");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ping 10.1.0.17" }).ClickAsync();
        await page.WaitForURLAsync("**#pings");

        var rows = page.Locator("table.pings tbody tr");
        Assert.Equal(2, await rows.CountAsync());
        Assert.Equal("waiting for the agent", await rows.Nth(0).Locator(".badge").InnerTextAsync());
        Assert.Equal("3 of 4 replied", await rows.Nth(1).Locator(".badge").InnerTextAsync());
        Assert.Equal(["#1 0.58 ms", "#2 0.41 ms", "#3 timed-out", "#4 0.38 ms"], await rows.Nth(1).Locator("td.probes span").AllInnerTextsAsync());
        Assert.Equal("tech@alpha.example", await rows.Nth(1).Locator("td:nth-child(2)").InnerTextAsync());
        await PortalPages.ScreenshotAsync(page, "device-ping");
    }
}
