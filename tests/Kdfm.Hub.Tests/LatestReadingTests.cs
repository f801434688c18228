using System.Net.Http.Json;
using System.Text.Json;
using Kdfm.Agent.V1;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>
/// Which reading is a device's latest: the hub's order of receipt (and, within one agent, the agent's sequence), with
/// collectedAt only as a bounded hint — one reading stamped ahead never pins the latest.
/// </summary>
public sealed class LatestReadingTests
{
    private static async Task<long> LatestTotalAsync(TestHub hub, string key) =>
        (await hub.Api.GetFromJsonAsync<JsonElement>($"api/v1/tenants/default/devices/{key}")).GetProperty("counters")[0].GetProperty("value").GetInt64();

    [Fact]
    public async Task A_reading_stamped_four_minutes_ahead_gives_way_to_the_next_one_received()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        var (second, secondCredential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);

        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now + TimeSpan.FromMinutes(4), 100) } }, auth);
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.UploadAsync(new UploadRequest { Readings = { Reading(2, "hp:A1", Now + TimeSpan.FromMinutes(1), 101) } }, auth);
        Assert.Equal(101, await LatestTotalAsync(hub, "hp:A1"));

        // The same between two agents of a tenant that both see the printer.
        await client.UploadAsync(new UploadRequest { Readings = { Reading(3, "hp:B2", Now + TimeSpan.FromMinutes(5), 200) } }, auth);
        clock.Advance(TimeSpan.FromMinutes(1));
        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:B2", Now + TimeSpan.FromMinutes(2), 201) } }, TestHub.Auth(second, secondCredential));
        Assert.Equal(201, await LatestTotalAsync(hub, "hp:B2"));
    }

    [Fact]
    public async Task Readings_of_one_agent_received_out_of_order_keep_the_highest_sequence_as_latest()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);

        // Sequence 5 arrives first; 3 and 4 come late (a resend), one of them stamped later by a clock that was wrong.
        await client.UploadAsync(new UploadRequest { Readings = { Reading(5, "hp:A1", Now, 500) } }, auth);
        await client.UploadAsync(new UploadRequest { Readings = { Reading(4, "hp:A1", Now + TimeSpan.FromMinutes(3), 400), Reading(3, "hp:A1", Now, 300) } }, auth);
        Assert.Equal(500, await LatestTotalAsync(hub, "hp:A1"));

        // Within one batch too: the highest sequence, wherever it stands in the batch and whatever its time says.
        await client.UploadAsync(new UploadRequest { Readings = { Reading(7, "hp:B2", Now - TimeSpan.FromMinutes(2), 700), Reading(6, "hp:B2", Now, 600) } }, auth);
        Assert.Equal(700, await LatestTotalAsync(hub, "hp:B2"));
    }

    [Fact]
    public async Task A_backlog_from_another_agent_does_not_hide_a_fresher_reading()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        var (late, lateCredential) = await hub.ActivateAsync();
        var client = hub.Grpc();

        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now, 100) } }, TestHub.Auth(agent, credential));
        // An agent back after an hour offline sends what it read an hour ago.
        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now - TimeSpan.FromHours(1), 90) } }, TestHub.Auth(late, lateCredential));
        Assert.Equal(100, await LatestTotalAsync(hub, "hp:A1"));
    }
}
