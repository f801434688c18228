using System.Net;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Kdfm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests;

/// <summary>Redeeming enrolment codes under attack: parallel calls, guessing, probing ids.</summary>
public sealed class EnrolmentTests
{
    /// <summary>The code with its last character changed: the right id, a wrong secret.</summary>
    internal static string WrongSecret(string code) => code[..^1] + (code[^1] == '2' ? '3' : '2');

    internal static async Task<(StatusCode Status, string Detail)> AnswerAsync(AgentService.AgentServiceClient client, string code)
    {
        try
        {
            var activated = await client.ActivateAsync(new ActivateRequest { Code = code, HostName = "test", Version = "1" });
            return (StatusCode.OK, activated.AgentId);
        }
        catch (RpcException e)
        {
            return (e.StatusCode, e.Status.Detail);
        }
    }

    internal static async Task<int> AgentCountAsync(TestHub hub)
    {
        using var scope = hub.Started.App.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<HubDb>().Agents.CountAsync();
    }

    /// <summary>Eight redemptions of one code at once: one agent. Also run on PostgreSQL.</summary>
    internal static async Task ParallelRedemptionsAsync(TestHub hub)
    {
        string code = await hub.CodeAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => AnswerAsync(hub.Grpc(), code)));
        Assert.Single(answers, a => a.Status == StatusCode.OK);
        Assert.All(answers.Where(a => a.Status != StatusCode.OK), a => Assert.Equal((StatusCode.PermissionDenied, "this enrolment code has been used already"), a));
        Assert.Equal(1, await AgentCountAsync(hub));
    }

    /// <summary>Fifty wrong secrets at once: each counts, the code is dead, the right secret is refused. Also run on PostgreSQL.</summary>
    internal static async Task ParallelWrongSecretsAsync(TestHub hub)
    {
        string code = await hub.CodeAsync();
        int agents = await AgentCountAsync(hub);
        var clients = Enumerable.Range(0, 8).Select(_ => hub.Grpc()).ToList();
        var guesses = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => AnswerAsync(clients[i % clients.Count], WrongSecret(code))));
        Assert.All(guesses, g => Assert.Equal((StatusCode.PermissionDenied, "unknown or wrong enrolment code"), g));
        using (var scope = hub.Started.App.Services.CreateScope())
        {
            string id = code[..4];
            Assert.Equal(50, (await scope.ServiceProvider.GetRequiredService<HubDb>().EnrolmentFailures.AsNoTracking().SingleAsync(f => f.CodeId == id)).Count);
        }

        Assert.Equal((StatusCode.PermissionDenied, "this enrolment code is dead after 5 failed attempts: ask for a new one"), await AnswerAsync(hub.Grpc(), code));
        Assert.Equal(agents, await AgentCountAsync(hub));
    }

    [Fact]
    public async Task Parallel_redemptions_of_one_code_give_one_agent()
    {
        await using var hub = await TestHub.StartAsync(o => o.EnrolmentAttemptsPerMinute = 0);
        await ParallelRedemptionsAsync(hub);
    }

    [Fact]
    public async Task Fifty_parallel_wrong_secrets_all_count_and_leave_the_code_dead()
    {
        await using var hub = await TestHub.StartAsync(o => o.EnrolmentAttemptsPerMinute = 0);
        await ParallelWrongSecretsAsync(hub);
    }

    [Fact]
    public async Task An_unknown_id_and_a_known_id_with_a_wrong_secret_get_the_same_answer_whatever_the_codes_state()
    {
        await using var hub = await TestHub.StartAsync(o => o.EnrolmentAttemptsPerMinute = 0);
        var client = hub.Grpc();
        string known = await hub.CodeAsync();
        string used = await hub.CodeAsync();
        Assert.Equal(StatusCode.OK, (await AnswerAsync(client, used)).Status);
        string unknownId = known.StartsWith("ZZZZ", StringComparison.Ordinal) || used.StartsWith("ZZZZ", StringComparison.Ordinal) ? "YYYY" : "ZZZZ";
        string unknown = unknownId + WrongSecret(known)[4..];

        // The same answer before the code dies, at the attempt that kills it, and after: nothing tells an id that exists.
        for (int attempt = 1; attempt <= Hub.Agents.Enrolment.MaxFailedAttempts + 2; attempt++)
        {
            var toUnknown = await AnswerAsync(client, unknown);
            var toKnown = await AnswerAsync(client, WrongSecret(known));
            var toUsed = await AnswerAsync(client, WrongSecret(used));
            Assert.Equal((attempt, StatusCode.PermissionDenied, "unknown or wrong enrolment code"), (attempt, toUnknown.Status, toUnknown.Detail));
            Assert.Equal((attempt, toUnknown), (attempt, toKnown));
            Assert.Equal((attempt, toUnknown), (attempt, toUsed));
        }

        // The holder of the whole code is told what happened to it.
        Assert.Equal((StatusCode.PermissionDenied, "this enrolment code has been used already"), await AnswerAsync(client, used));
        Assert.Equal((StatusCode.PermissionDenied, "this enrolment code is dead after 5 failed attempts: ask for a new one"), await AnswerAsync(client, known));
    }

    [Fact]
    public async Task Attempts_are_limited_per_source_address_with_a_hint_of_when_to_retry()
    {
        await using var hub = await TestHub.StartAsync(o => o.EnrolmentAttemptsPerMinute = 3);
        string code = await hub.CodeAsync();
        var first = hub.GrpcFrom(IPAddress.Parse("127.0.0.1"));
        for (int attempt = 1; attempt <= 3; attempt++)
        {
            Assert.Equal((attempt, StatusCode.PermissionDenied), (attempt, (await AnswerAsync(first, "2222-2222-2222-2222")).Status));
        }

        var limited = await Assert.ThrowsAsync<RpcException>(() => first.ActivateAsync(new ActivateRequest { Code = code }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Matches(@"^too many enrolment attempts from 127\.0\.0\.1 \(at most 3 a minute\): retry in [1-6]?[0-9] s$", limited.Status.Detail);
        int pushback = int.Parse(limited.Trailers.GetValue("grpc-retry-pushback-ms")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(pushback, 1_000, 60_000);

        // Another address has its own allowance: the right code works from there, and the limited one never got to try it.
        var other = hub.GrpcFrom(IPAddress.Parse("127.0.0.2"));
        Assert.Equal(StatusCode.OK, (await AnswerAsync(other, code)).Status);
        Assert.Equal(1, await AgentCountAsync(hub));
    }

    [Fact]
    public async Task An_unknown_id_costs_the_same_committed_write_as_a_known_one()
    {
        await using var hub = await TestHub.StartAsync(o => o.EnrolmentAttemptsPerMinute = 0);
        var client = hub.Grpc();
        string known = await hub.CodeAsync();
        string unknownId = known.StartsWith("ZZZZ", StringComparison.Ordinal) ? "YYYY" : "ZZZZ";
        // A connection of the test's own: its data_version changes when another connection commits a change (SQLite, "PRAGMA data_version").
        await using var watch = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(hub.Options.DataDirectory, "hub.db")};Pooling=False");
        await watch.OpenAsync();
        long DataVersion()
        {
            using var command = watch.CreateCommand();
            command.CommandText = "PRAGMA data_version";
            return (long)command.ExecuteScalar()!;
        }

        long before = DataVersion();
        Assert.Equal((StatusCode.PermissionDenied, "unknown or wrong enrolment code"), await AnswerAsync(client, unknownId + WrongSecret(known)[4..]));
        long afterUnknown = DataVersion();
        Assert.Equal((StatusCode.PermissionDenied, "unknown or wrong enrolment code"), await AnswerAsync(client, WrongSecret(known)));
        long afterKnown = DataVersion();

        Assert.NotEqual(before, afterUnknown);
        Assert.NotEqual(afterUnknown, afterKnown);
        var failures = await hub.WithDbAsync(db => db.EnrolmentFailures.AsNoTracking().OrderBy(f => f.CodeId).Select(f => new { f.CodeId, f.Count }).ToListAsync());
        Assert.Equal([new { CodeId = known[..4], Count = 1 }, new { CodeId = unknownId, Count = 1 }], failures.OrderBy(f => f.CodeId == unknownId).ToArray());

        // Characters outside the code alphabet are not a code: refused before any look-up, no row for them.
        Assert.Equal((StatusCode.PermissionDenied, "not an enrolment code (expected XXXX-XXXX-XXXX-XXXX)"), await AnswerAsync(client, "0OIL-2222-2222-2222"));
        Assert.Equal(2, await hub.WithDbAsync(db => db.EnrolmentFailures.CountAsync()));
    }

    [Fact]
    public async Task Failure_counts_no_live_code_needs_are_forgotten_a_day_after_the_last()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        await using var hub = await TestHub.StartAsync(o => o.EnrolmentAttemptsPerMinute = 0, clock.Install);
        string live = await hub.CodeAsync(), used = await hub.CodeAsync();
        Assert.Equal(StatusCode.OK, (await AnswerAsync(hub.Grpc(), used)).Status);
        string unknownId = new[] { "ZZZZ", "YYYY", "XXXX" }.First(id => id != live[..4] && id != used[..4]);
        foreach (string code in new[] { WrongSecret(live), WrongSecret(used), unknownId + WrongSecret(live)[4..] })
        {
            Assert.Equal(StatusCode.PermissionDenied, (await AnswerAsync(hub.Grpc(), code)).Status);
        }

        async Task<string[]> ForgetAsync()
        {
            using var scope = hub.Started.App.Services.CreateScope();
            await scope.ServiceProvider.GetRequiredService<Hub.Agents.Enrolment>().ForgetFailuresAsync(CancellationToken.None);
            return await hub.WithDbAsync(db => db.EnrolmentFailures.AsNoTracking().OrderBy(f => f.CodeId).Select(f => f.CodeId).ToArrayAsync());
        }

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Equal(new[] { live[..4], used[..4], unknownId }.Order(StringComparer.Ordinal), await ForgetAsync());
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal([live[..4]], await ForgetAsync()); // a live code keeps its count until it is used or expires
    }

    [Fact]
    public async Task Failed_attempts_from_all_sources_together_are_capped_each_minute()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
        await using var hub = await TestHub.StartAsync(o => (o.EnrolmentAttemptsPerMinute, o.EnrolmentFailuresPerMinute) = (0, 3), clock.Install);
        string first = await hub.CodeAsync(), second = await hub.CodeAsync();

        // A redemption is not a failure: it takes nothing from the cap.
        Assert.Equal(StatusCode.OK, (await AnswerAsync(hub.Grpc(), first)).Status);
        for (int source = 1; source <= 3; source++)
        {
            var client = hub.GrpcFrom(IPAddress.Parse($"127.0.0.{source}"));
            Assert.Equal((source, StatusCode.PermissionDenied), (source, (await AnswerAsync(client, WrongSecret(second))).Status));
        }

        // A fourth source, with the right code: the hub takes no more attempts this minute.
        var limited = await Assert.ThrowsAsync<RpcException>(() => hub.GrpcFrom(IPAddress.Parse("127.0.0.4")).ActivateAsync(new ActivateRequest { Code = second }).ResponseAsync);
        Assert.Equal(StatusCode.ResourceExhausted, limited.StatusCode);
        Assert.Equal("too many failed enrolment attempts on this hub (at most 3 a minute, from all sources): retry in 60 s", limited.Status.Detail);

        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(StatusCode.OK, (await AnswerAsync(hub.Grpc(), second)).Status);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::ffff:10.1.2.3", "10.1.2.3")]
    [InlineData("::1", "::")]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2::")]
    [InlineData("2001:db8:1:2:aaaa:bbbb:cccc:dddd", "2001:db8:1:2::")]
    [InlineData("fe80::1234:5678", "fe80::")]
    public void A_source_is_an_ipv4_address_or_an_ipv6_64(string address, string key) =>
        Assert.Equal(IPAddress.Parse(key), Hub.Security.SourceAddress.Key(IPAddress.Parse(address)));

    [Fact]
    public void Two_addresses_of_one_ipv6_64_share_one_allowance()
    {
        using var limiter = new Hub.Agents.EnrolmentRateLimiter(new HubOptions { EnrolmentAttemptsPerMinute = 2 }, TimeProvider.System,
            new Hub.Security.LogThrottle(TimeProvider.System), Microsoft.Extensions.Logging.Abstractions.NullLogger<Hub.Agents.EnrolmentRateLimiter>.Instance);

        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::1"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), out _));
        Assert.False(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:2::99"), out var retry));
        Assert.InRange(retry, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("2001:db8:1:3::1"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("10.0.0.1"), out _));
        Assert.True(limiter.TryAcquire(IPAddress.Parse("10.0.0.2"), out _));
    }
}
