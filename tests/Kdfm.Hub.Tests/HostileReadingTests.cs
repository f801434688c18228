using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>Printers that say too much (huge serials, alert tables, descriptions) and agents that store too much.</summary>
public sealed class HostileReadingTests
{
    // Varied characters, as a garbage serial would be: a run of one letter compresses, and PostgreSQL would then index it.
    private static readonly string Serial4K = Garbage(4096);

    private static string Garbage(int length)
    {
        var random = new Random(length);
        return new string([.. Enumerable.Range(0, length).Select(_ => (char)random.Next('!', '~'))]);
    }

    private static object Alert(int index, string description) =>
        new { index, severity = "warning", group = "markerSupplies", code = "markerTonerAlmostEmpty", description, location = 1 };

    /// <summary>A batch with every kind of oversized reading between ordinary ones.</summary>
    internal static UploadRequest HostileBatch() => new()
    {
        Readings =
        {
            Reading(1, "hp:A1", Now, 100),
            // A 4 KB serial in the key: more than a device key may hold (PostgreSQL cannot index it).
            Reading(2, "hp:" + Serial4K, Json("hp:" + Serial4K, Now, serial: Serial4K)),
            // The same serial under a MAC key: stored, serial and all.
            Reading(3, "mac:00:17:c8:12:34:56", Json("mac:00:17:c8:12:34:56", Now, serial: Serial4K)),
            // 5,000 alerts: over the 1 MB a reading may have.
            Reading(4, "hp:C3", Json("hp:C3", Now, alerts: [.. Enumerable.Range(1, 5000).Select(i => Alert(i, new string('x', 200)))])),
            // One alert of 64 KB: within the cap.
            Reading(5, "hp:D4", Json("hp:D4", Now, alerts: [Alert(1, new string('y', 64 * 1024))])),
            Reading(6, "hp:A1", Now, 110),
        },
    };

    internal static void AssertHostileBatchAnswer(UploadResponse answer)
    {
        Assert.Equal([(2L, RefusalCodes.TooLarge), (4L, RefusalCodes.TooLarge)], answer.Refused.Select(r => (r.Sequence, r.Code)).ToArray());
        Assert.Contains("device key", answer.Refused[0].Reason, StringComparison.Ordinal);
        Assert.Contains("Hub:MaxReadingKilobytes", answer.Refused[1].Reason, StringComparison.Ordinal);
        Assert.Equal((6L, 4), (answer.AcknowledgedSequence, answer.Stored));
    }

    [Fact]
    public async Task Oversized_readings_are_refused_one_by_one_and_the_rest_of_the_batch_is_stored()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var (agent, credential) = await hub.ActivateAsync("acme");

        var answer = await hub.Grpc().UploadAsync(HostileBatch(), TestHub.Auth(agent, credential));

        AssertHostileBatchAnswer(answer);
        var mac = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/mac:00:17:c8:12:34:56");
        Assert.Equal(Serial4K, mac.GetProperty("serial").GetString());
        var d4 = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:D4");
        Assert.Equal(64 * 1024, d4.GetProperty("alerts")[0].GetProperty("description").GetString()!.Length);
        var a1 = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/tenants/acme/devices/hp:A1");
        Assert.Equal(110, a1.GetProperty("counters")[0].GetProperty("value").GetInt64());
    }

    [Fact]
    public async Task The_size_cap_is_a_setting()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(o => o.MaxReadingKilobytes = 4, clock.Install);
        var (agent, credential) = await hub.ActivateAsync();

        var answer = await hub.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now), Reading(2, "hp:B2", Json("hp:B2", Now, serial: new string('s', 5000))) } },
            TestHub.Auth(agent, credential));

        Assert.Equal([(2L, RefusalCodes.TooLarge)], answer.Refused.Select(r => (r.Sequence, r.Code)).ToArray());
        Assert.Equal((2L, 1), (answer.AcknowledgedSequence, answer.Stored));
    }

    [Fact]
    public async Task An_agent_over_its_quota_is_told_to_come_back_later_and_loses_nothing()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(o => o.AgentQuotaMegabytes = 1, clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        var (other, otherCredential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);
        string big = new('n', 400 * 1024);
        Reading Big(long sequence) => Reading(sequence, "hp:A1", Json("hp:A1", Now, sysName: big));

        // 0.8 MB: stored, within the 1 MB quota.
        var first = await client.UploadAsync(new UploadRequest { Readings = { Big(1), Big(2) } }, auth);
        Assert.Equal((2L, 2), (first.AcknowledgedSequence, first.Stored));

        // 0.4 MB more would be over it: nothing of the batch is stored, not even its small reading.
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.UploadAsync(new UploadRequest { Readings = { Reading(3, "hp:A1", Now), Big(4) } }, auth).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, refused.StatusCode);
        Assert.Contains("Hub:AgentQuotaMegabytes", refused.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(2, (await client.PollAsync(new PollRequest(), auth)).AcknowledgedSequence);

        // A resend of what is stored adds nothing: it is answered, quota or not.
        var resent = await client.UploadAsync(new UploadRequest { Readings = { Big(1), Big(2) } }, auth);
        Assert.Equal((2L, 0), (resent.AcknowledgedSequence, resent.Stored));

        // Another agent has a quota of its own.
        var others = await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:O1", Now) } }, TestHub.Auth(other, otherCredential));
        Assert.Equal(1, others.Stored);

        var agents = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
        var view = agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == agent);
        Assert.True(view.GetProperty("overQuota").GetBoolean());
        Assert.InRange(view.GetProperty("storedBytes").GetInt64(), 2 * 400 * 1024, 1024 * 1024);
        Assert.Equal(1024 * 1024, view.GetProperty("quotaBytes").GetInt64());
        Assert.False(agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == other).GetProperty("overQuota").GetBoolean());
        var stats = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/readings/stats");
        Assert.Equal(3, stats.GetProperty("readings").GetInt64());

        // A batch that fits is stored, and the agent is no longer shown over its quota.
        Assert.Equal(1, (await client.UploadAsync(new UploadRequest { Readings = { Reading(3, "hp:A1", Now) } }, auth)).Stored);
        agents = await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents");
        Assert.False(agents.EnumerateArray().Single(a => a.GetProperty("id").GetString() == agent).GetProperty("overQuota").GetBoolean());
    }

    [Fact]
    public async Task No_quota_when_it_is_zero()
    {
        var clock = new ManualClock(Now);
        await using var hub = await TestHub.StartAsync(o => o.AgentQuotaMegabytes = 0, clock.Install);
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);
        string big = new('n', 600 * 1024);

        for (int sequence = 1; sequence <= 3; sequence++)
        {
            var answer = await client.UploadAsync(new UploadRequest { Readings = { Reading(sequence, "hp:A1", Json("hp:A1", Now, sysName: big)) } }, auth);
            Assert.Equal(1, answer.Stored);
        }

        var view = (await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0];
        Assert.Equal((0L, false), (view.GetProperty("quotaBytes").GetInt64(), view.GetProperty("overQuota").GetBoolean()));
        Assert.Equal(HttpStatusCode.OK, (await hub.Api.GetAsync("api/v1/tenants/default/devices/hp:A1")).StatusCode);
    }
}
