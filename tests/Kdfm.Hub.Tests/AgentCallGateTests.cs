using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Hub.Agents;
using Kdfm.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Kdfm.Hub.Tests.TestSnapshots;

namespace Kdfm.Hub.Tests;

/// <summary>
/// The gate meets every call by the endpoint it reaches: routing ignores case and a trailing slash, so each spelling of a
/// method's path must be refused as the exact one is, before the body is read.
/// </summary>
public sealed class AgentCallGateTests
{
    public static TheoryData<string> UploadPaths() =>
    [
        "kdfm.agent.v1.AgentService/Upload",
        "KDFM.AGENT.V1.AGENTSERVICE/UPLOAD",
        "kdfm.agent.v1.AgentService/Upload/",
        "Kdfm.Agent.V1.agentservice/upload/",
    ];

    [Theory]
    [MemberData(nameof(UploadPaths))]
    public async Task A_strangers_upload_is_refused_on_its_headers_whatever_the_paths_spelling(string path)
    {
        await using var hub = await TestHub.StartAsync();
        // The body announces 16 MB, sends five bytes and never ends: only a refusal made on the headers can be answered.
        using var body = new RawGrpcCall.HeldBody(RawGrpcCall.Prefix(16 * 1024 * 1024));

        var answer = await RawGrpcCall.SendAsync(hub, path, body, RawGrpcCall.Agent("agt_nobody", "wrong"));

        Assert.Equal(("16", "unknown agent, wrong credential, or the agent was revoked"), answer); // 16 = Unauthenticated
    }

    [Theory]
    [MemberData(nameof(UploadPaths))]
    public async Task An_agents_oversized_upload_is_refused_from_its_prefix_whatever_the_paths_spelling(string path)
    {
        await using var hub = await TestHub.StartAsync(o => o.UploadMaxMegabytes = 1);
        var (agent, credential) = await hub.ActivateAsync();
        using var body = new RawGrpcCall.HeldBody(RawGrpcCall.Prefix(2 * 1024 * 1024));

        var answer = await RawGrpcCall.SendAsync(hub, path, body, RawGrpcCall.Agent(agent, credential));

        Assert.Equal(("11", "Upload: a message of 2097152 bytes is over the limit of 1048576 bytes (Hub:UploadMaxMegabytes = 1)"), answer); // 11 = OutOfRange
    }

    [Theory]
    [MemberData(nameof(UploadPaths))]
    public async Task A_compressed_message_is_refused_whatever_the_paths_spelling(string path)
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        // A few bytes of gzip can stand for gigabytes: the hub decompresses nothing.
        var upload = new UploadRequest { Readings = { Reading(1, "hp:A1", Now) } };
        var headers = RawGrpcCall.Agent(agent, credential);
        headers["grpc-encoding"] = "gzip";

        var answer = await RawGrpcCall.SendAsync(hub, path, RawGrpcCall.Whole(RawGrpcCall.Frame(upload, gzip: true)), headers);

        Assert.Equal(("12", "the hub takes no compressed messages (grpc-encoding identity only)"), answer); // 12 = Unimplemented
        Assert.Equal(0, (await hub.Grpc().PollAsync(new PollRequest(), TestHub.Auth(agent, credential))).AcknowledgedSequence);
    }

    [Fact]
    public async Task A_gzip_compressed_call_from_a_grpc_client_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var headers = TestHub.Auth(agent, credential);
        headers.Add("grpc-internal-encoding-request", "gzip"); // Grpc.Net.Client's switch to compress this call's message

        var refused = await Assert.ThrowsAsync<RpcException>(() => hub.Grpc().UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now) } }, headers).ResponseAsync);

        Assert.Equal(StatusCode.Unimplemented, refused.StatusCode);
    }

    [Fact]
    public async Task A_method_without_a_rule_is_refused_before_its_body_is_read()
    {
        await using var hub = await TestHub.StartAsync();
        using var body = new RawGrpcCall.HeldBody(RawGrpcCall.Prefix(1024));

        var answer = await RawGrpcCall.SendAsync(hub, "kdfm.agent.v1.AgentService/Nothing", body);

        Assert.Equal("12", answer.Status);
    }

    [Fact]
    public void Every_method_of_the_agent_service_has_a_rule() =>
        Assert.Equal(AgentService.Descriptor.Methods.Select(m => m.Name).Order(), AgentCallGate.Rules(new HubOptions()).Keys.Order());

    [Fact]
    public async Task A_third_upload_of_one_agent_is_refused_while_two_are_in_flight()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var (other, otherCredential) = await hub.ActivateAsync();
        var slots = hub.Started.App.Services.GetRequiredService<AgentCallSlots>();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);

        // Two uploads past the gate, their bodies held: gRPC waits for the rest of their messages.
        using var first = new RawGrpcCall.HeldBody(RawGrpcCall.Prefix(100));
        using var second = new RawGrpcCall.HeldBody(RawGrpcCall.Prefix(100));
        var held = new[] { first, second }.Select(body => RawGrpcCall.SendAsync(hub, "kdfm.agent.v1.AgentService/Upload", body, RawGrpcCall.Agent(agent, credential))).ToList();
        await Eventually.True(() => slots.InFlight("Upload", agent) == 2, "two uploads of the agent in flight");

        var third = await Assert.ThrowsAsync<RpcException>(() => client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now) } }, auth).ResponseAsync);
        Assert.Equal((StatusCode.ResourceExhausted, AgentCallGate.UploadInProgressMessage), (third.StatusCode, third.Status.Detail));
        // Another agent, and the agent's other calls, are not held up.
        Assert.Equal(1, (await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:B1", Now) } }, TestHub.Auth(other, otherCredential))).Stored);
        Assert.Equal(0, (await client.PollAsync(new PollRequest(), auth)).AcknowledgedSequence);

        // The held uploads end (their messages cut short), and give their places back.
        first.Release();
        second.Release();
        await Task.WhenAll(held);
        await Eventually.True(() => slots.InFlight("Upload", agent) == 0, "the held uploads ended");
        Assert.Equal(1, (await client.UploadAsync(new UploadRequest { Readings = { Reading(1, "hp:A1", Now) } }, auth)).Stored);
    }
}
