using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>An agent's quota bounds what it stores, readings and remembered refusals, whatever it sends at once.</summary>
public sealed class QuotaTests
{
    private const long Quota = 1024 * 1024;

    private static Kdfm.Agent.V1.Reading Big(long sequence, string key = "hp:A1") => Reading(sequence, key, Json(key, Now, sysName: new string('n', 200 * 1024)));

    private static async Task<(long StoredBytes, long ReadingBytes, int Readings, int Refusals)> StoredAsync(TestHub hub, string agent) =>
        await hub.WithDbAsync(async db =>
        {
            var json = await db.Readings.AsNoTracking().Where(r => r.AgentId == agent).Select(r => r.SnapshotJson).ToListAsync();
            int refusals = await db.Refusals.CountAsync(r => r.AgentId == agent);
            long stored = (await db.Agents.AsNoTracking().SingleAsync(a => a.Id == agent)).StoredBytes;
            return (stored, json.Sum(j => (long)Encoding.UTF8.GetByteCount(j)), json.Count, refusals);
        });

    private static async Task<(long StoredBytes, int Refusals)> StoredBytesAndRefusalsAsync(TestHub hub, string agent)
    {
        var stored = await StoredAsync(hub, agent);
        return (stored.StoredBytes, stored.Refusals);
    }

    [Fact]
    public async Task Parallel_uploads_against_a_small_quota_never_exceed_it()
    {
        await using var hub = await TestHub.StartAsync(o => o.AgentQuotaMegabytes = 1, new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync();
        var auth = TestHub.Auth(agent, credential);

        // Eight uploads of 0.4 MB at once: two fit in 1 MB, whatever order the hub takes them in.
        async Task<StatusCode> UploadAsync(int i)
        {
            var client = hub.Grpc();
            while (true)
            {
                try
                {
                    await client.UploadAsync(new UploadRequest { Readings = { Big(2 * i + 1), Big(2 * i + 2) } }, auth);
                    return StatusCode.OK;
                }
                catch (RpcException e) when (e.Status.Detail == AgentCallGate.UploadInProgressMessage)
                {
                    // two others of this agent are in flight: as a collector would, try again
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
                {
                    return e.StatusCode;
                }
            }
        }

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(UploadAsync));

        Assert.Equal(2, outcomes.Count(o => o == StatusCode.OK));
        var (storedBytes, readingBytes, readings, _) = await StoredAsync(hub, agent);
        Assert.Equal((4, readingBytes), (readings, storedBytes));
        Assert.InRange(storedBytes, 1, Quota);
    }

    [Fact]
    public async Task The_quota_is_decided_where_the_bytes_are_added_not_on_the_agent_as_read_before()
    {
        await using var hub = await TestHub.StartAsync(o => o.AgentQuotaMegabytes = 1);
        var (agent, _) = await hub.ActivateAsync();
        using var first = hub.Started.App.Services.CreateScope();
        using var second = hub.Started.App.Services.CreateScope();
        var firstDb = first.ServiceProvider.GetRequiredService<HubDb>();
        var secondDb = second.ServiceProvider.GetRequiredService<HubDb>();
        // Both uploads authenticated before either was stored: each saw nothing stored.
        var seenByFirst = await firstDb.Agents.SingleAsync(a => a.Id == agent);
        var seenBySecond = await secondDb.Agents.SingleAsync(a => a.Id == agent);

        IngestBatch Judged(AgentRecord seen, params Kdfm.Agent.V1.Reading[] readings) =>
            UploadCheck.Judge(readings, new Dictionary<long, ReadingRefusal?>(), seen.AcknowledgedSequence, hub.Options.MaxReadingKilobytes, DateTimeOffset.UtcNow).Batch;

        var stored = await first.ServiceProvider.GetRequiredService<IReadingStore>().IngestAsync(seenByFirst, Judged(seenByFirst, Big(1), Big(2), Big(3), Big(4)), CancellationToken.None);
        var refused = await second.ServiceProvider.GetRequiredService<IReadingStore>().IngestAsync(seenBySecond, Judged(seenBySecond, Big(5), Big(6)), CancellationToken.None);

        Assert.Equal(4, Assert.IsType<IngestOutcome.Done>(stored).Stored);
        var over = Assert.IsType<IngestOutcome.OverQuota>(refused);
        var (storedBytes, readingBytes, readings, _) = await StoredAsync(hub, agent);
        Assert.Equal((4, readingBytes, readingBytes), (readings, storedBytes, over.StoredBytes));
        Assert.True(storedBytes + over.BatchBytes > Quota);
    }

    [Fact]
    public async Task Remembered_refusals_count_against_the_quota()
    {
        await using var hub = await TestHub.StartAsync(o => o.AgentQuotaMegabytes = 1);
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);
        UploadRequest Refused(long from, int count) => new() { Readings = { Enumerable.Range(0, count).Select(i => Reading(from + i, "hp:A1", "not json")) } };

        // 1,100 refusals would be 1.1 MB remembered: more than the quota, so none is.
        var tooMany = await Assert.ThrowsAsync<RpcException>(() => client.UploadAsync(Refused(1, 1100), auth).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, tooMany.StatusCode);
        Assert.Equal((0L, 0), await StoredBytesAndRefusalsAsync(hub, agent));

        var thousand = await client.UploadAsync(Refused(1, 1000), auth);
        Assert.Equal((1000L, 1000), (thousand.AcknowledgedSequence, thousand.Refused.Count));
        Assert.Equal((1000L * Refusal.ChargedBytes, 1000), await StoredBytesAndRefusalsAsync(hub, agent));
        var more = await Assert.ThrowsAsync<RpcException>(() => client.UploadAsync(Refused(1001, 100), auth).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, more.StatusCode);
    }

    [Fact]
    public async Task Refusals_the_agent_can_no_longer_resend_are_dropped_and_give_their_bytes_back()
    {
        await using var hub = await TestHub.StartAsync(host: new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);
        long window = UploadCheck.RefusalWindow;
        int readingBytes = Encoding.UTF8.GetByteCount(Reading(1, "hp:A1", Now).SnapshotJson);

        await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", "not json") } }, auth);
        await client.UploadAsync(new UploadRequest { Readings = { Reading(window + 10, "hp:A1", Now) } }, auth);
        // Still within the window below the acknowledgement the hub had (1) before that upload: kept.
        Assert.Equal((Refusal.ChargedBytes + readingBytes, 1), await StoredBytesAndRefusalsAsync(hub, agent));

        // Now the refusal lies more than the window below the acknowledgement, and below all the agent sends: dropped.
        await client.UploadAsync(new UploadRequest { Readings = { Reading(window + 11, "hp:A1", Now) } }, auth);
        Assert.Equal((2L * readingBytes, 0), await StoredBytesAndRefusalsAsync(hub, agent));

        // Sent again all the same, the reading is judged anew: the same code.
        var again = await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", "not json") } }, auth);
        Assert.Equal([(1L, RefusalCodes.Malformed)], again.Refused.Select(r => (r.Sequence, r.Code)).ToArray());
        Assert.Equal(window + 11, again.AcknowledgedSequence);
    }

    [Theory]
    [InlineData(0, 1, -UploadCheck.RefusalWindow)]
    [InlineData(UploadCheck.RefusalWindow + 500, 600, 500)]
    [InlineData(UploadCheck.RefusalWindow + 500, 300, 300)]
    [InlineData(UploadCheck.RefusalWindow + 500, long.MaxValue, 500)]
    public void Refusals_are_kept_within_the_window_below_the_acknowledgement_and_from_the_lowest_sequence_sent(long acknowledged, long lowest, long floor) =>
        Assert.Equal(floor, UploadCheck.RefusalFloor(acknowledged, lowest));

    [Fact]
    public async Task An_agent_at_its_quota_is_shown_so_in_the_api()
    {
        await using var hub = await TestHub.StartAsync(o => o.AgentQuotaMegabytes = 1, new ManualClock(Now).Install);
        var (agent, credential) = await hub.ActivateAsync();
        var auth = TestHub.Auth(agent, credential);
        await hub.Grpc().UploadAsync(new UploadRequest { Readings = { Big(1), Big(2), Big(3), Big(4) } }, auth);
        await Assert.ThrowsAsync<RpcException>(() => hub.Grpc().UploadAsync(new UploadRequest { Readings = { Big(5), Big(6) } }, auth).ResponseAsync);

        var view = (await hub.Api.GetFromJsonAsync<JsonElement>("api/v1/agents"))[0];
        Assert.True(view.GetProperty("overQuota").GetBoolean());
    }
}
