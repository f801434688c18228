using System.Text.Json;
using Kdfm.Agent.V1;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>CSV from the read API: printer text never runs as a spreadsheet formula, and one damaged row never breaks an export.</summary>
public sealed class CsvExportTests
{
    private const string Header = "key,address,collectedAt,vendor,model,serial,status,totalPages,lowestSupplyPercent,tenant,sysName,sysLocation,error";

    private static async Task<string[]> CsvAsync(TestHub hub, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/csv");
        using var response = await hub.Api.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadAsStringAsync()).Split("\r\n")[..^1];
    }

    [Fact]
    public async Task Printer_text_that_looks_like_a_formula_is_neutralised_and_numbers_stay_numbers()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync("acme");
        const string link = "=HYPERLINK(\"http://evil.example/\",\"click\")";
        string hostile = JsonSerializer.Serialize(new
        {
            address = "127.20.0.3", key = "hp:X1", collectedAt = "2026-11-28T10:00:00Z", vendor = "@SUM(1+1)", model = link, serial = "+1-2", status = "-idle",
            sysName = link, sysLocation = "\tfloor\r2", counters = new[] { new { name = "total", value = -2 } }, supplies = new[] { new { percent = 0 } },
        });

        await hub.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:X1", hostile) } }, TestHub.Auth(agent, credential));

        string[] lines = await CsvAsync(hub, "api/v1/devices");
        Assert.Equal([Header,
            "hp:X1,127.20.0.3,2026-11-28T10:00:00Z,'@SUM(1+1),\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",'+1-2,'-idle,-2,0,acme," +
            "\"'=HYPERLINK(\"\"http://evil.example/\"\",\"\"click\"\")\",\"'\tfloor\r2\","], lines);
        Assert.Equal(lines, await CsvAsync(hub, "api/v1/tenants/acme/devices"));
        Assert.Equal(lines, await CsvAsync(hub, "api/v1/tenants/acme/devices/hp:X1/readings"));
    }

    [Fact]
    public async Task A_damaged_stored_snapshot_is_exported_with_what_can_be_read_and_the_problem_noted()
    {
        var clock = new ManualClock(Now);
        var log = new LogCapture();
        await using var hub = await TestHub.StartAsync(host: b => { clock.Install(b); log.Install(b); });
        var (agent, credential) = await hub.ActivateAsync("acme");
        await hub.Grpc().UploadAsync(new UploadRequest
        {
            Readings = { Reading(1, "hp:A1", Now, 100), Reading(2, "hp:B2", Now, 200), Reading(3, "hp:C3", Now, 300), Reading(4, "hp:A1", Now, 101) },
        }, TestHub.Auth(agent, credential));

        // Damage two stored rows behind the hub's back: one is no longer JSON, the other JSON of the wrong shape.
        await hub.WithDbAsync(async db =>
        {
            const string damage = "UPDATE \"Readings\" SET \"SnapshotJson\" = {0} WHERE \"Sequence\" = {1}";
            await db.Database.ExecuteSqlRawAsync(damage, "{ \"key\": \"hp:B2\", trunc", 2L);
            return await db.Database.ExecuteSqlRawAsync(damage,
                """{"key":7,"model":["x"],"counters":[{"name":"total"}],"supplies":[{"percent":"low"},{"percent":12.5}],"collectedAt":{}}""", 3L);
        });

        string[] lines = await CsvAsync(hub, "api/v1/devices");
        Assert.Equal(4, lines.Length);
        Assert.Equal("hp:A1,127.20.0.3,2026-11-28T10:00:00.0000000+00:00,HP,M9555dn,A1,idle,101,33,acme,KM-OFFICE-2,floor 2,", lines[1]);
        Assert.StartsWith("hp:B2,,,,,,,,,acme,,,", lines[2], StringComparison.Ordinal);
        Assert.Contains("not JSON", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("hp:C3,,,,,,,,12.5,acme,,,", lines[3], StringComparison.Ordinal);
        foreach (string problem in new[] { "key", "collectedAt", "model", "total", "percent" })
        {
            Assert.Contains(problem, lines[3][lines[3].IndexOf("acme,,,", StringComparison.Ordinal)..], StringComparison.Ordinal);
        }

        // JSON too: the damaged device is there, with its tenant, key and the problem; the others as stored.
        var devices = JsonDocument.Parse(await hub.Api.GetStringAsync("api/v1/devices")).RootElement;
        Assert.Equal(3, devices.GetArrayLength());
        Assert.Equal(("acme", "hp:B2"), (devices[1].GetProperty("tenant").GetString(), devices[1].GetProperty("key").GetString()));
        Assert.Contains("not JSON", devices[1].GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(101, devices[0].GetProperty("counters")[0].GetProperty("value").GetInt64());

        string[] readings = await CsvAsync(hub, "api/v1/tenants/acme/devices/hp:B2/readings");
        Assert.Equal(2, readings.Length);
        Assert.Contains(log.Lines, l => l.Level == Microsoft.Extensions.Logging.LogLevel.Warning && l.Text.Contains("hp:B2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_stored_string_that_does_not_unescape_fails_only_its_cell()
    {
        await using var hub = await TestHub.StartAsync(host: new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync("acme");
        await hub.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now, 100), Reading(2, "hp:B2", Now, 200) } }, TestHub.Auth(agent, credential));
        // Stored by an older hub, which took lone surrogates: System.Text.Json throws InvalidOperationException reading them.
        await hub.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE \"Readings\" SET \"SnapshotJson\" = {0} WHERE \"Sequence\" = 2",
            """{"key":"hp:B2","address":"127.20.0.4","model":"\udc00","sysName":"\ud800","counters":[{"name":"\udc00","value":1},{"name":"total","value":200}]}"""));

        string[] lines = await CsvAsync(hub, "api/v1/devices");

        Assert.Equal(3, lines.Length);
        Assert.StartsWith("hp:B2,127.20.0.4,,,,,,200,,acme,,,", lines[2], StringComparison.Ordinal);
        Assert.Contains("model has a \\u escape that is not text", lines[2], StringComparison.Ordinal);
        Assert.Contains("sysName has a \\u escape that is not text", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("hp:A1,", lines[1], StringComparison.Ordinal);
    }
}
