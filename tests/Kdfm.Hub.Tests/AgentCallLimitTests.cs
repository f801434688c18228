using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Grpc.Core;
using Kdfm.Agent.V1;

namespace Kdfm.Hub.Tests;

/// <summary>Each gRPC method's message limit, applied before the message is read (and before a stranger's message is read at all).</summary>
public sealed class AgentCallLimitTests
{
    [Fact]
    public async Task An_activation_of_more_than_a_few_kilobytes_is_refused_from_its_length()
    {
        await using var hub = await TestHub.StartAsync();
        var client = hub.Grpc();
        string code = await hub.CodeAsync();
        var big = new ActivateRequest { Code = code, HostName = new string('h', 8 * 1024) };
        var refused = await Assert.ThrowsAsync<RpcException>(() => client.ActivateAsync(big).ResponseAsync);
        Assert.Equal(StatusCode.OutOfRange, refused.StatusCode);
        Assert.Equal($"Activate: a message of {big.CalculateSize()} bytes is over the limit of 4096 bytes (4 KB)", refused.Status.Detail);

        var activated = await client.ActivateAsync(new ActivateRequest { Code = code, HostName = new string('h', 1024) });
        Assert.StartsWith("agt_", activated.AgentId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agents_upload_over_the_configured_limit_and_a_poll_over_its_own_are_refused()
    {
        await using var hub = await TestHub.StartAsync(o => o.UploadMaxMegabytes = 1);
        var (agent, credential) = await hub.ActivateAsync();
        var client = hub.Grpc();
        var auth = TestHub.Auth(agent, credential);
        string snapshot = "{\"key\":\"hp:A1\",\"address\":\"127.20.0.3\",\"pad\":\"" + new string('x', 100_000) + "\"}";
        UploadRequest Batch(int count) => new() { Readings = { Enumerable.Range(1, count).Select(i => new Reading { Sequence = i, DeviceKey = "hp:A1", SnapshotJson = snapshot }) } };

        // Not ResourceExhausted (the quota's "retry later"): this message will never fit, a smaller batch will.
        var big = await Assert.ThrowsAsync<RpcException>(() => client.UploadAsync(Batch(12), auth).ResponseAsync);
        Assert.Equal(StatusCode.OutOfRange, big.StatusCode);
        Assert.Matches(@"^Upload: a message of \d+ bytes is over the limit of 1048576 bytes \(Hub:UploadMaxMegabytes = 1\)$", big.Status.Detail);
        Assert.Equal(8, (await client.UploadAsync(Batch(8), auth)).Stored);

        var poll = await Assert.ThrowsAsync<RpcException>(() => client.PollAsync(new PollRequest { Status = new AgentStatus { LastError = new string('e', 100_000) } }, auth).ResponseAsync);
        Assert.Equal(StatusCode.OutOfRange, poll.StatusCode);
        Assert.StartsWith("Poll: a message of ", poll.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Poll_tells_the_agent_the_largest_upload_the_hub_takes()
    {
        await using var hub = await TestHub.StartAsync(o => o.UploadMaxMegabytes = 3);
        var (agent, credential) = await hub.ActivateAsync();
        Assert.Equal(3L * 1024 * 1024, (await hub.Grpc().PollAsync(new PollRequest(), TestHub.Auth(agent, credential))).MaxUploadBytes);
    }

    [Fact]
    public async Task A_strangers_upload_is_refused_on_its_headers_however_small()
    {
        await using var hub = await TestHub.StartAsync();
        var refused = await Assert.ThrowsAsync<RpcException>(() => hub.Grpc().UploadAsync(new UploadRequest(), TestHub.Auth("agt_nobody", "x")).ResponseAsync);
        Assert.Equal((StatusCode.Unauthenticated, "unknown agent, wrong credential, or the agent was revoked"), (refused.StatusCode, refused.Status.Detail));
    }
}

[CollectionDefinition(nameof(AllocationMeasurements), DisableParallelization = true)]
public sealed class AllocationMeasurements;

/// <summary>
/// What an unauthenticated 16 MB upload costs the hub. The process's allocated bytes are the measure (they include the
/// hub's buffers and whatever it would parse), so this runs alone and the client sends from one reused buffer.
/// </summary>
[Collection(nameof(AllocationMeasurements))]
public sealed class UnauthenticatedUploadMemoryTests
{
    private const int MessageBytes = 16 * 1024 * 1024;

    /// <summary>
    /// A well-formed 16 MB UploadRequest written from one 64 KB chunk (one Reading with a long snapshot), again and again: the
    /// client allocates almost nothing, so what the process allocates is the hub's doing.
    /// </summary>
    private sealed class RepeatedUpload : HttpContent
    {
        private readonly byte[] _chunk;

        public RepeatedUpload()
        {
            var reading = new Reading { Sequence = 1, DeviceKey = "hp:A1", SnapshotJson = new string('a', 64 * 1024 - 16) };
            var one = new UploadRequest { Readings = { reading } }.ToByteArray();
            _chunk = one;
            Chunks = MessageBytes / one.Length;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        public int Chunks { get; }

        public long Length => 5L + (long)Chunks * _chunk.Length;

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            byte[] prefix = new byte[5];
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)(Length - 5));
            await stream.WriteAsync(prefix);
            for (int i = 0; i < Chunks; i++)
            {
                await stream.WriteAsync(_chunk);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    [Fact]
    public async Task A_strangers_16_mb_upload_is_refused_without_the_hub_reading_it()
    {
        await using var hub = await TestHub.StartAsync();
        using var http = new HttpClient(TestHub.PinnedHandler(hub.Started.Fingerprint)) { BaseAddress = hub.Url };
        async Task<(HttpStatusCode Status, string? GrpcStatus)> SendAsync(RepeatedUpload body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "kdfm.agent.v1.AgentService/Upload")
            {
                Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = body,
            };
            request.Headers.TryAddWithoutValidation("te", "trailers");
            request.Headers.Add("x-kdfm-agent-id", "agt_nobody");
            request.Headers.Add("x-kdfm-agent-credential", "wrong");
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            string? status = response.Headers.TryGetValues("grpc-status", out var values) ? values.Single() : null;
            if (status is null)
            {
                await response.Content.ReadAsByteArrayAsync(); // the status is in the trailers then
                status = response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.Single() : null;
            }

            return (response.StatusCode, status);
        }

        var body = new RepeatedUpload();
        Assert.InRange(body.Length, MessageBytes - 64 * 1024, MessageBytes + 5);
        await SendAsync(new RepeatedUpload()); // the connection, TLS and the first call's one-time costs, out of the measure

        long before = GC.GetTotalAllocatedBytes(precise: true);
        var answer = await SendAsync(body);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        Assert.Equal((HttpStatusCode.OK, "16"), answer); // 16 = Unauthenticated
        // Reading the message would cost its 16 MB in buffers and twice that in strings; the refusal costs a few buffers.
        Assert.True(allocated < 4 * 1024 * 1024, $"the process allocated {allocated:N0} bytes during a refused 16 MB upload");
    }
}
