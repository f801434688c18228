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
}
