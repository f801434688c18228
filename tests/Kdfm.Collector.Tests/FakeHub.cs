using System.Collections.Concurrent;
using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Collector.Gateway;

namespace Kdfm.Collector.Tests;

/// <summary>
/// A hub in memory under a real <see cref="HubConnection"/> (its gRPC <see cref="CallInvoker"/>): it takes task results
/// (ReportTaskResult), fails the first calls with the status codes given, and keeps every call's result and agent id.
/// Any other call is not served.
/// </summary>
internal sealed class FakeHub(params StatusCode[] failures) : CallInvoker
{
    private int _calls;

    /// <summary>The result of every ReportTaskResult call, failed or not, in the order they came.</summary>
    public ConcurrentQueue<TaskResult> Reports { get; } = new();

    /// <summary>The agent id header of every call.</summary>
    public ConcurrentQueue<string?> AgentIds { get; } = new();

    public int Calls => Volatile.Read(ref _calls);

    public HubConnection Connection(AgentIdentity identity) => new(identity.Hub, this, identity);

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request)
    {
        if (method.Name != "ReportTaskResult" || request is not TaskResult result)
        {
            throw new NotSupportedException($"the fake hub serves ReportTaskResult only, not {method.FullName}");
        }

        int call = Interlocked.Increment(ref _calls) - 1;
        AgentIds.Enqueue(options.Headers?.GetValue(AgentHeaders.AgentId));
        Reports.Enqueue(result.Clone());
        var response = call < failures.Length
            ? Task.FromException<TResponse>(new RpcException(new Status(failures[call], $"the fake hub fails call {call + 1}")))
            : Task.FromResult((TResponse)(object)new TaskResultAck());
        return new AsyncUnaryCall<TResponse>(response, Task.FromResult(new Metadata()), () => Status.DefaultSuccess, () => new Metadata(), () => { });
    }

    public override TResponse BlockingUnaryCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options, TRequest request) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncClientStreamingCall<TRequest, TResponse> AsyncClientStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);

    public override AsyncDuplexStreamingCall<TRequest, TResponse> AsyncDuplexStreamingCall<TRequest, TResponse>(Method<TRequest, TResponse> method, string? host, CallOptions options) =>
        throw new NotSupportedException(method.FullName);
}
