using System.Text.Json;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Agents;

/// <summary>The agents' gRPC service (protos/kdfm/agent/v1): activation, poll, upload, task results.</summary>
public sealed class AgentGrpcService(HubDb db, Enrolment enrolment, AgentAuthenticator authenticator, IOptions<HubOptions> options, TimeProvider clock,
    ILogger<AgentGrpcService> logger) : AgentService.AgentServiceBase
{
    public const int MaxBatch = 5000;

    public override async Task<ActivateResponse> Activate(ActivateRequest request, ServerCallContext context)
    {
        var (agent, refusal) = await enrolment.ActivateAsync(request.Code, request.HostName, request.Version, context.CancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("Activation refused from {Peer}: {Reason}", context.Peer, refusal);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal!));
        }

        logger.LogInformation("Agent {Agent} activated for tenant {Tenant} from {Host}", agent.AgentId, agent.Tenant, request.HostName);
        return new ActivateResponse { AgentId = agent.AgentId, Credential = agent.Credential, Tenant = agent.Tenant };
    }

    public override async Task<PollResponse> Poll(PollRequest request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        var now = clock.GetUtcNow();
        agent.LastSeenAt = now;
        agent.Version = request.Version;
        if (request.Status is { } status)
        {
            agent.DevicesKnown = status.DevicesKnown;
            agent.DevicesDown = status.DevicesDown;
            agent.OutboxPending = status.OutboxPending;
            agent.LastError = status.LastError;
        }

        var waiting = await db.Tasks.Where(t => t.AgentId == agent.Id && t.StartedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new PollResponse { NextPollSeconds = options.Value.AgentPollSeconds, AcknowledgedSequence = agent.AcknowledgedSequence, Config = new AgentConfig() };
        foreach (var task in waiting)
        {
            task.StartedAt = now;
            var handed = new Kdfm.Agent.V1.AgentTask { Id = task.Id, Kind = task.Kind };
            if (task.ConfigJson is not null)
            {
                handed.Config = Google.Protobuf.JsonParser.Default.Parse<AgentConfig>(task.ConfigJson);
            }

            response.Tasks.Add(handed);
        }

        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        return response;
    }

    public override async Task<UploadResponse> Upload(UploadRequest request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        if (request.Readings.Count > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a batch holds at most {MaxBatch} readings, this one {request.Readings.Count}"));
        }

        var parsed = new List<(Kdfm.Agent.V1.Reading Reading, string Address, DateTimeOffset CollectedAt)>(request.Readings.Count);
        foreach (var reading in request.Readings)
        {
            if (reading.Sequence <= 0 || string.IsNullOrEmpty(reading.DeviceKey))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"reading {reading.Sequence}: a positive sequence and a device key are needed"));
            }

            try
            {
                using var json = JsonDocument.Parse(reading.SnapshotJson);
                string address = json.RootElement.TryGetProperty("address", out var a) && a.ValueKind == JsonValueKind.String ? a.GetString()! : string.Empty;
                var collectedAt = json.RootElement.TryGetProperty("collectedAt", out var c) && c.TryGetDateTimeOffset(out var at) ? at : clock.GetUtcNow();
                parsed.Add((reading, address, collectedAt));
            }
            catch (JsonException e)
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"reading {reading.Sequence}: snapshot is not JSON: {e.Message}"));
            }
        }

        int stored = await IngestAsync(agent, parsed, context.CancellationToken).ConfigureAwait(false);
        return new UploadResponse { AcknowledgedSequence = agent.AcknowledgedSequence, Stored = stored };
    }

    public override async Task<TaskResultAck> ReportTaskResult(TaskResult request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == request.TaskId && t.AgentId == agent.Id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no task {request.TaskId} for this agent"));
        task.CompletedAt = clock.GetUtcNow();
        task.Ok = request.Ok;
        task.Message = request.Message;
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        return new TaskResultAck();
    }

    /// <summary>Stores the readings not stored before (idempotent on agent + sequence) and the devices' latest state, in one transaction.</summary>
    private async Task<int> IngestAsync(Storage.AgentRecord agent, List<(Kdfm.Agent.V1.Reading Reading, string Address, DateTimeOffset CollectedAt)> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return 0;
        }

        long low = batch.Min(b => b.Reading.Sequence);
        long high = batch.Max(b => b.Reading.Sequence);
        var seen = (await db.Readings.Where(r => r.AgentId == agent.Id && r.Sequence >= low && r.Sequence <= high).Select(r => r.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
        var fresh = batch.Where(b => seen.Add(b.Reading.Sequence)).ToList();
        var now = clock.GetUtcNow();
        var keys = fresh.Select(f => f.Reading.DeviceKey).Distinct().ToList();
        var devices = await db.Devices.Where(d => d.TenantId == agent.TenantId && keys.Contains(d.Key)).ToDictionaryAsync(d => d.Key, cancellationToken).ConfigureAwait(false);
        foreach (var (reading, address, collectedAt) in fresh)
        {
            db.Readings.Add(new Storage.Reading
            {
                TenantId = agent.TenantId, AgentId = agent.Id, Sequence = reading.Sequence, DeviceKey = reading.DeviceKey, CollectedAt = collectedAt, ReceivedAt = now,
                SnapshotJson = reading.SnapshotJson,
            });
            if (!devices.TryGetValue(reading.DeviceKey, out var device))
            {
                device = new Device { TenantId = agent.TenantId, Key = reading.DeviceKey, AgentId = agent.Id, SnapshotJson = reading.SnapshotJson, CollectedAt = collectedAt, Address = address };
                devices[reading.DeviceKey] = device;
                db.Devices.Add(device);
            }
            else if (collectedAt >= device.CollectedAt)
            {
                device.SnapshotJson = reading.SnapshotJson;
                device.CollectedAt = collectedAt;
                device.Address = address;
                device.AgentId = agent.Id;
            }

            device.Readings++;
        }

        agent.AcknowledgedSequence = Math.Max(agent.AcknowledgedSequence, high);
        agent.LastSeenAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return fresh.Count;
    }

    private async Task<Storage.AgentRecord> AuthenticateAsync(ServerCallContext context)
    {
        string? id = context.RequestHeaders.GetValue(AgentAuthenticator.IdHeader);
        string? credential = context.RequestHeaders.GetValue(AgentAuthenticator.CredentialHeader);
        var agent = await authenticator.AuthenticateAsync(id, credential, context.CancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("Agent call refused from {Peer}: unknown agent, wrong credential or revoked ({Agent})", context.Peer, id ?? "no id");
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown agent, wrong credential, or the agent was revoked"));
        }

        return agent;
    }
}
