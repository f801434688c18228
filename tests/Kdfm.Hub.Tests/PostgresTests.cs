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

        // Out of order within the batch: the device's state is its newest reading, not its last one sent.
        var batch = new UploadRequest { Readings = { Reading(1, "kyocera:K1", 100, 5), Reading(2, "kyocera:K1", 90, 1), Reading(3, "hp:H1", 7, 2) } };
        var first = await client.UploadAsync(batch, auth);
        Assert.Equal((3L, 3), (first.AcknowledgedSequence, first.Stored));
        var again = await client.UploadAsync(batch, auth);
        Assert.Equal((3L, 0), (again.AcknowledgedSequence, again.Stored));

        var stats = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        Assert.Equal((3L, 3L, 2), (stats.GetProperty("readings").GetInt64(), stats.GetProperty("distinctAgentSequences").GetInt64(), stats.GetProperty("devices").GetInt32()));
        var k1 = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/kyocera:K1");
        Assert.Equal(100, k1.GetProperty("counters")[0].GetProperty("value").GetInt64());
        var readings = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/devices/kyocera:K1/readings");
        Assert.Equal(2, readings.GetArrayLength());

        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "rescan" });
        string task = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal(task, Assert.Single((await client.PollAsync(new PollRequest(), auth)).Tasks).Id);
        var agents = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
        Assert.Equal(("acme", 3L), (agents[0].GetProperty("tenant").GetString(), agents[0].GetProperty("acknowledgedSequence").GetInt64()));
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
