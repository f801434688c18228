using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent.V1;
using Kdfm.Testing;

namespace Kdfm.Hub.Tests;

/// <summary>The hub on Debian's PostgreSQL instead of SQLite (Hub:Database = postgresql): the same ingest and API.</summary>
public sealed class PostgresTests
{
    private static Reading Reading(long sequence, string key, long total, int second) => new()
    {
        Sequence = sequence, DeviceKey = key,
        SnapshotJson = JsonSerializer.Serialize(new { address = "127.20.0.9", key, collectedAt = $"2026-11-28T10:00:{second:00}Z", counters = new[] { new { name = "total", value = total } } }),
    };

    [Fact]
    public async Task Ingest_tasks_and_the_api_work_the_same_on_postgresql()
    {
        using var postgres = await PostgresServer.StartAsync();
        await using var hub = await TestHub.StartAsync(o =>
        {
            o.Database = "postgresql";
            o.ConnectionString = postgres.ConnectionString("kdfm_hub_test");
        });
        var (agent, credential) = await hub.ActivateAsync("acme");
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);

        // Out of order within the batch: the device's state is the reading with the agent's highest sequence, whatever its clock said.
        var batch = new UploadRequest { Readings = { Reading(2, "kyocera:K1", 100, 1), Reading(1, "kyocera:K1", 90, 5), Reading(3, "hp:H1", 7, 2) } };
        var first = await client.UploadAsync(batch, auth);
        Assert.Equal((3L, 3), (first.AcknowledgedSequence, first.Stored));
        var again = await client.UploadAsync(batch, auth);
        Assert.Equal((3L, 0), (again.AcknowledgedSequence, again.Stored));

        var stats = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        Assert.Equal((3L, 3L, 2), (stats.GetProperty("readings").GetInt64(), stats.GetProperty("distinctAgentSequences").GetInt64(), stats.GetProperty("devices").GetInt32()));
        var k1 = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/kyocera:K1");
        Assert.Equal((100L, "acme"), (k1.GetProperty("counters")[0].GetProperty("value").GetInt64(), k1.GetProperty("tenant").GetString()));
        var readings = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/kyocera:K1/readings");
        Assert.Equal(2, readings.GetArrayLength());

        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "rescan" });
        string task = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(task, Assert.Single((await client.PollAsync(new PollRequest(), auth)).Tasks).Id);
        var agents = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
        Assert.Equal(("acme", 3L), (agents[0].GetProperty("tenant").GetString(), agents[0].GetProperty("acknowledgedSequence").GetInt64()));

        // Hostile readings are refused one by one here too: a 4 KB key would exceed PostgreSQL's index entry and fail the whole transaction.
        var hostile = HostileReadingTests.HostileBatch();
        foreach (var reading in hostile.Readings)
        {
            reading.Sequence += 10;
        }

        var answer = await client.UploadAsync(hostile, auth);
        Assert.Equal([(12L, Kdfm.Agent.RefusalCodes.TooLarge), (14L, Kdfm.Agent.RefusalCodes.TooLarge)], answer.Refused.Select(r => (r.Sequence, r.Code)).ToArray());
        Assert.Equal((16L, 4), (answer.AcknowledgedSequence, answer.Stored));
        var resent = await client.UploadAsync(hostile, auth);
        Assert.Equal((16L, 0, 2), (resent.AcknowledgedSequence, resent.Stored, resent.Refused.Count));
        agents = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
        Assert.Equal(2, agents[0].GetProperty("refusedReadings").GetInt64());

        // Two tenants with one key stay two devices.
        var (globex, globexCredential) = await hub.ActivateAsync("globex");
        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "kyocera:K1", 5000, 3) } }, TestHub.Auth(globex, globexCredential));
        Assert.Equal(System.Net.HttpStatusCode.Conflict, (await hub.Api.GetAsync("api/v1/devices/kyocera:K1")).StatusCode);
        var own = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/kyocera:K1/readings");
        Assert.Equal([100L, 90L], own.EnumerateArray().Select(r => r.GetProperty("counters")[0].GetProperty("value").GetInt64()).ToArray());
    }

    [Fact]
    public async Task Parallel_redemptions_give_one_agent_and_parallel_wrong_secrets_all_count_on_postgresql()
    {
        using var postgres = await PostgresServer.StartAsync();
        await using var hub = await TestHub.StartAsync(o =>
        {
            o.Database = "postgresql";
            o.ConnectionString = postgres.ConnectionString("kdfm_hub_enrolment");
            o.EnrolmentAttemptsPerMinute = 0;
        });
        await EnrolmentTests.ParallelRedemptionsAsync(hub);
        await EnrolmentTests.ParallelWrongSecretsAsync(hub);
    }
}
