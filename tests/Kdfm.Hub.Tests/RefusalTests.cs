using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Microsoft.Extensions.Logging;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>A bad reading is refused on its own, with its sequence and a code; the rest of its batch is stored.</summary>
public sealed class RefusalTests
{
    private static (long Sequence, string Code)[] Refused(UploadResponse response) => [.. response.Refused.Select(r => (r.Sequence, r.Code))];

    [Fact]
    public async Task Each_bad_reading_is_refused_with_its_code_and_the_rest_of_its_batch_is_stored()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync("acme");
        var auth = TestHub.Auth(agent, credential);
        var client = hub.Grpc();

        var batch = new UploadRequest
        {
            Readings =
            {
                Reading(1, "hp:A1", Now, 100),
                Reading(0, "hp:A1", Now, 101),
                Reading(-4, "hp:A1", Now, 102),
                Reading(2, "hp:A1", "{ not json"),
                Reading(3, "hp:A1", """{"address":"127.20.0.3","collectedAt":"2026-11-28T10:00:00Z"}"""),
                Reading(4, "hp:A1", Json("hp:OTHER", Now)),
                Reading(5, "hp:A1", Now + TimeSpan.FromMinutes(6)),
                Reading(6, "hp:A1", """{"key":"hp:A1","tenant":"globex","collectedAt":"2026-11-28T10:00:00Z"}"""),
                Reading(7, "hp:A1", Now, 103),
                Reading(7, "hp:A1", Now, 104),
                Reading(8, "", Json("", Now)),
                Reading(9, "hp:A1", "[1,2]"),
                Reading(10, "hp:A1", Now + TimeSpan.FromMinutes(4), 105),
                Reading(11, "hp:B2", Now, 200),
            },
        };

        var answer = await client.UploadAsync(batch, auth);

        Assert.Equal([(0L, RefusalCodes.Malformed), (-4L, RefusalCodes.Malformed), (2L, RefusalCodes.Malformed), (3L, RefusalCodes.Malformed),
            (4L, RefusalCodes.KeyMismatch), (5L, RefusalCodes.Future), (6L, RefusalCodes.WrongTenant), (7L, RefusalCodes.Malformed), (8L, RefusalCodes.Malformed),
            (9L, RefusalCodes.Malformed)], Refused(answer));
        Assert.Equal((11L, 3), (answer.AcknowledgedSequence, answer.Stored));
        Assert.Contains("hp:OTHER", answer.Refused.Single(r => r.Sequence == 4).Reason, StringComparison.Ordinal);
        Assert.Contains("twice", answer.Refused.Single(r => r.Sequence == 7).Reason, StringComparison.Ordinal);
        Assert.Equal(11, (await client.PollAsync(new PollRequest(), auth)).AcknowledgedSequence);

        var stats = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        Assert.Equal((3L, 2), (stats.GetProperty("readings").GetInt64(), stats.GetProperty("devices").GetInt32()));
        var a1 = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:A1/readings");
        Assert.Equal([100L, 105L], a1.EnumerateArray().Select(r => r.GetProperty("counters")[0].GetProperty("value").GetInt64()).ToArray());
    }

    [Fact]
    public async Task A_resent_refused_reading_gets_the_same_answer_and_the_acknowledgement_covers_it()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        var auth = TestHub.Auth(agent, credential);
        var client = hub.Grpc();
        var ahead = Reading(3, "hp:A1", Now + TimeSpan.FromMinutes(7));
        var batch = new UploadRequest { Readings = { Reading(1, "hp:A1", Now), Reading(2, "hp:A1", Now), ahead } };

        var first = await client.UploadAsync(batch, auth);
        Assert.Equal([(3L, RefusalCodes.Future)], Refused(first));
        Assert.Equal((3L, 2), (first.AcknowledgedSequence, first.Stored));

        // Ten minutes later the same reading would no longer be ahead: the hub still gives the answer it gave.
        clock.Advance(TimeSpan.FromMinutes(10));
        var again = await client.UploadAsync(batch, auth);
        Assert.Equal([(3L, RefusalCodes.Future)], Refused(again));
        Assert.Equal(first.Refused[0].Reason, again.Refused[0].Reason);
        Assert.Equal((3L, 0), (again.AcknowledgedSequence, again.Stored));
        Assert.Equal(3, (await client.PollAsync(new PollRequest(), auth)).AcknowledgedSequence);
        var stats = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        Assert.Equal(2, stats.GetProperty("readings").GetInt64());

        // The last reading of a batch refused: the acknowledgement still covers it (the agent releases it).
        var lastRefused = await client.UploadAsync(new UploadRequest { Readings = { Reading(4, "hp:A1", Now), Reading(5, "hp:A1", "nope") } }, auth);
        Assert.Equal((5L, 1), (lastRefused.AcknowledgedSequence, lastRefused.Stored));

        var view = (await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0];
        Assert.Equal(2, view.GetProperty("refusedReadings").GetInt64());
        Assert.Equal((5L, RefusalCodes.Malformed), (view.GetProperty("lastRefusal").GetProperty("sequence").GetInt64(), view.GetProperty("lastRefusal").GetProperty("code").GetString()));
    }

    [Fact]
    public async Task Resent_readings_far_apart_get_the_same_answers_too()
    {
        await using var hub = await TestHub.StartAsync(host: new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync();
        var auth = TestHub.Auth(agent, credential);
        var client = hub.Grpc();
        var batch = new UploadRequest { Readings = { Reading(3, "hp:A1", "not json"), Reading(500, "hp:A1", Now), Reading(90_000, "hp:A1", Json("hp:B2", Now)) } };

        var first = await client.UploadAsync(batch, auth);
        var again = await client.UploadAsync(batch, auth);

        Assert.Equal([(3L, RefusalCodes.Malformed), (90_000L, RefusalCodes.KeyMismatch)], Refused(first));
        Assert.Equal(Refused(first), Refused(again));
        Assert.Equal((90_000L, 1, 0), (again.AcknowledgedSequence, first.Stored, again.Stored));
    }

    [Fact]
    public async Task A_reading_without_a_positive_sequence_is_refused_but_never_moves_the_acknowledgement()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var auth = TestHub.Auth(agent, credential);
        var client = hub.Grpc();

        var alone = await client.UploadAsync(new UploadRequest { Readings = { Reading(0, "hp:A1", Now), Reading(-1, "hp:A1", Now) } }, auth);
        Assert.Equal([(0L, RefusalCodes.Malformed), (-1L, RefusalCodes.Malformed)], Refused(alone));
        Assert.Equal((0L, 0), (alone.AcknowledgedSequence, alone.Stored));

        var stored = await client.UploadAsync(new UploadRequest { Readings = { Reading(5, "hp:A1", Now), Reading(0, "hp:A1", Now) } }, auth);
        Assert.Equal((5L, 1), (stored.AcknowledgedSequence, stored.Stored));
        Assert.Equal(5, (await client.PollAsync(new PollRequest(), auth)).AcknowledgedSequence);
    }

    [Fact]
    public async Task Each_refusal_is_logged_at_warning_and_shown_with_the_agent()
    {
        var log = new LogCapture();
        await using var hub = await TestHub.StartAsync(host: log.Install);
        var (agent, credential) = await hub.ActivateAsync();
        await hub.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now), Reading(2, "hp:A1", Json("hp:Z9", Now)) } },
            TestHub.Auth(agent, credential));

        var warning = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning && l.Text.Contains(agent, StringComparison.Ordinal));
        Assert.Contains("reading 2", warning.Text, StringComparison.Ordinal);
        Assert.Contains(RefusalCodes.KeyMismatch, warning.Text, StringComparison.Ordinal);
        Assert.Contains("hp:Z9", warning.Text, StringComparison.Ordinal);

        var view = (await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0];
        Assert.Equal(1, view.GetProperty("refusedReadings").GetInt64());
        var last = view.GetProperty("lastRefusal");
        Assert.Equal((2L, RefusalCodes.KeyMismatch), (last.GetProperty("sequence").GetInt64(), last.GetProperty("code").GetString()));
        Assert.Contains("hp:Z9", last.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_over_the_limit_is_refused_as_a_whole()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var batch = new UploadRequest();
        batch.Readings.AddRange(Enumerable.Range(1, Agents.AgentGrpcService.MaxBatch + 1).Select(i => new Reading { Sequence = i, DeviceKey = "k", SnapshotJson = "{}" }));

        var refused = await Assert.ThrowsAsync<RpcException>(() => hub.Grpc().UploadAsync(batch, TestHub.Auth(agent, credential)).ResponseAsync);
        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
    }

    [Fact]
    public async Task Snapshots_the_hub_could_not_read_back_are_refused_as_malformed_and_the_rest_of_the_batch_is_stored()
    {
        await using var hub = await TestHub.StartAsync(host: new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync();
        string good = Json("hp:A1", Now);
        var batch = new UploadRequest
        {
            Readings =
            {
                Reading(1, "hp:A1", good.Replace("\"sysName\":\"KM-OFFICE-2\"", "\"sysName\":\"\\udc00\"", StringComparison.Ordinal)),
                Reading(2, "\udc00", """{"key":"\udc00"}"""),
                Reading(3, "hp:A1", """{"key":"hp:A1","address":"\ud800"}"""),
                Reading(4, "hp:A1", """{"key":"hp:A1","collectedAt":"\udc00"}"""),
                Reading(5, "hp:A1", """{"key":"hp:A1","tenant":"\udc00"}"""),
                Reading(6, "hp:A1", """{"key":"hp:A1","collectedAt":"last tuesday"}"""),
                Reading(7, "hp:A1", """{"key":"hp:A1","key":"hp:B2"}"""),
                Reading(8, "hp:A1", good),
            },
        };
        Assert.Contains("\\udc00", batch.Readings[0].SnapshotJson, StringComparison.Ordinal);

        var answer = await hub.Grpc().UploadAsync(batch, TestHub.Auth(agent, credential));

        Assert.Equal([(1L, RefusalCodes.Malformed), (2L, RefusalCodes.Malformed), (3L, RefusalCodes.Malformed), (4L, RefusalCodes.Malformed),
            (5L, RefusalCodes.Malformed), (6L, RefusalCodes.Malformed), (7L, RefusalCodes.Malformed)], Refused(answer));
        Assert.Equal((8L, 1), (answer.AcknowledgedSequence, answer.Stored));
        Assert.Contains("collectedAt 'last tuesday' is not a date and time", answer.Refused.Single(r => r.Sequence == 6).Reason, StringComparison.Ordinal);
        Assert.Contains("key is twice", answer.Refused.Single(r => r.Sequence == 7).Reason, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Get, "api/v1/devices");
        request.Headers.Accept.ParseAdd("text/csv");
        using var csv = await hub.Api.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal(2, (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }
}
