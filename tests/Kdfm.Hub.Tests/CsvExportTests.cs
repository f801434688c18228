using System.Net.Http.Json;
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

    [Fact]
    public async Task A_fleet_of_thousands_of_devices_is_exported_whole_in_csv_and_in_json()
    {
        await using var hub = await TestHub.StartAsync(host: new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync("acme");
        const int devices = 5000;
        var batch = new UploadRequest();
        batch.Readings.AddRange(Enumerable.Range(0, devices).Select(i => Reading(i + 1, $"hp:D{i:0000}", Now, i)));
        Assert.Equal(devices, (await hub.Grpc().UploadAsync(batch, TestHub.Auth(agent, credential))).Stored);

        string[] lines = await CsvAsync(hub, "api/v1/devices");
        Assert.Equal(devices + 1, lines.Length);
        Assert.Equal(Enumerable.Range(0, devices).Select(i => $"hp:D{i:0000},127.20.0.3,"), lines[1..].Select(l => l[..(l.IndexOf(',', StringComparison.Ordinal) + 12)]));
        Assert.Equal($"hp:D4999,127.20.0.3,2026-11-28T10:00:00.0000000+00:00,HP,M9555dn,D4999,idle,4999,33,acme,KM-OFFICE-2,floor 2,", lines[^1]);

        using var json = JsonDocument.Parse(await hub.Api.GetStringAsync("api/v1/devices"));
        Assert.Equal(devices, json.RootElement.GetArrayLength());
        Assert.Equal(("acme", "hp:D1234", 1234L), (json.RootElement[1234].GetProperty("tenant").GetString(), json.RootElement[1234].GetProperty("key").GetString(),
            json.RootElement[1234].GetProperty("counters")[0].GetProperty("value").GetInt64()));

        // A device's readings, the last N oldest first, streamed too.
        var batch2 = new UploadRequest();
        batch2.Readings.AddRange(Enumerable.Range(0, 30).Select(i => Reading(devices + 1 + i, "hp:D0007", Now, 1000 + i)));
        await hub.Grpc().UploadAsync(batch2, TestHub.Auth(agent, credential));
        var last = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:D0007/readings?limit=5");
        Assert.Equal([1025L, 1026L, 1027L, 1028L, 1029L], last.EnumerateArray().Select(r => r.GetProperty("counters")[0].GetProperty("value").GetInt64()).ToArray());
        var all = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:D0007/readings");
        Assert.Equal(31, all.GetArrayLength());
        Assert.Equal(7, all[0].GetProperty("counters")[0].GetProperty("value").GetInt64());
    }

    /// <summary>Counts what reaches the response body.</summary>
    private sealed class CountingStream : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Written;

        public override long Position { get => Written; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Written += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Written += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Written += count;
            return Task.CompletedTask;
        }
    }

    /// <summary>3,000 snapshots; before giving the last one, notes how much of the export had reached the body.</summary>
    private static async IAsyncEnumerable<Hub.Api.StoredSnapshot> Snapshots(CountingStream body, Action<long> beforeLast)
    {
        for (int i = 0; i < 3000; i++)
        {
            if (i == 2999)
            {
                beforeLast(body.Written);
            }

            await Task.Yield();
            yield return new Hub.Api.StoredSnapshot("acme", $"hp:D{i:0000}", i, Json($"hp:D{i:0000}", Now, i));
        }
    }

    [Fact]
    public async Task An_export_goes_to_the_body_as_its_rows_come_not_once_they_are_all_read()
    {
        var logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var csv = new CountingStream();
        long csvBeforeLast = 0;
        await Hub.Api.SnapshotExport.WriteCsvAsync(csv, Snapshots(csv, written => csvBeforeLast = written), logger, CancellationToken.None);
        var json = new CountingStream();
        long jsonBeforeLast = 0;
        await Hub.Api.SnapshotExport.WriteJsonAsync(json, Snapshots(json, written => jsonBeforeLast = written), logger, CancellationToken.None);

        // All but the last rows (some 100 bytes each in CSV, 450 in JSON) were in the body already, less one buffer.
        Assert.InRange(csvBeforeLast, csv.Written - 100 - 64 * 1024, csv.Written);
        Assert.InRange(jsonBeforeLast, json.Written - 500 - 64 * 1024, json.Written);
        Assert.True(csv.Written > 200 * 1024 && json.Written > 1024 * 1024, $"{csv.Written} bytes of CSV, {json.Written} of JSON");
    }
}
