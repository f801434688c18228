using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Agents;

/// <summary>The agents' gRPC service (protos/kdfm/agent/v1): activation, poll, upload, task results.</summary>
public sealed class AgentGrpcService(HubDb db, Enrolment enrolment, AgentAuthenticator authenticator, IOptions<HubOptions> options, TimeProvider clock,
    ILogger<AgentGrpcService> logger, EnrolmentRateLimiter enrolmentLimiter, Security.LogThrottle throttle, SecretsCheckpoint checkpoint, IReadingStore store)
    : AgentService.AgentServiceBase
{
    public const int MaxBatch = 5000;

    public override async Task<ActivateResponse> Activate(ActivateRequest request, ServerCallContext context)
    {
        enrolmentLimiter.Acquire(context);
        var (agent, refusal) = await enrolment.ActivateAsync(request.Code, request.HostName, request.Version, context.CancellationToken).ConfigureAwait(false);
        if (refusal?.Kind != Enrolment.RefusalKind.UnknownOrWrong)
        {
            enrolmentLimiter.NotAFailure();
        }

        if (agent is null)
        {
            var peer = context.GetHttpContext().Connection.RemoteIpAddress;
            if (throttle.ShouldLog("activation", peer, out long held))
            {
                logger.LogWarning("Activation refused from {Peer}: {Reason}; {Held} more refusals from there were not logged", peer, refusal!.Kind, held);
            }

            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal!.Message));
        }

        logger.LogInformation("Agent {Agent} activated for tenant {Tenant} from {Host}", agent.AgentId, Security.UntrustedText.Shown(agent.Tenant), Security.UntrustedText.Shown(request.HostName));
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

        var waiting = await db.Tasks.Where(t => t.AgentId == agent.Id && t.StartedAt == null && t.CompletedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new PollResponse
        {
            NextPollSeconds = options.Value.AgentPollSeconds, AcknowledgedSequence = agent.AcknowledgedSequence, Config = new AgentConfig(),
            MaxUploadBytes = AgentCallGate.UploadMaxBytes(options.Value),
        };
        foreach (var task in waiting)
        {
            task.StartedAt = now;
            // The kind's name too, for an agent older than task_kind (the stored name is the API's, so it always parses).
            var handed = new Kdfm.Agent.V1.AgentTask { Id = task.Id, Kind = task.Kind, TaskKind = TaskKinds.TryParse(task.Kind, out var kind) ? kind : TaskKind.Unspecified };
            if (task.ConfigJson is not null)
            {
                handed.Config = Google.Protobuf.JsonParser.Default.Parse<AgentConfig>(task.ConfigJson);
                task.ConfigJson = WithoutSecrets(task.ConfigJson); // handed out: the hub keeps no SNMP secret
            }

            response.Tasks.Add(handed);
        }

        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        if (waiting.Any(t => t.ConfigJson is not null))
        {
            checkpoint.Request(); // the secrets' old copies leave the write-ahead log
        }

        return response;
    }

    /// <summary>The configuration with the profiles' community strings and passphrases removed.</summary>
    public static string WithoutSecrets(string configJson)
    {
        var config = System.Text.Json.Nodes.JsonNode.Parse(configJson)!.AsObject();
        if (config["profiles"] is System.Text.Json.Nodes.JsonArray profiles)
        {
            foreach (var profile in profiles.OfType<System.Text.Json.Nodes.JsonObject>())
            {
                foreach (string secret in new[] { "community", "authPassphrase", "auth_passphrase", "privPassphrase", "priv_passphrase" })
                {
                    profile.Remove(secret);
                }
            }
        }

        return config.ToJsonString();
    }

    /// <summary>
    /// Each reading judged on its own (<see cref="UploadCheck"/>), the good ones stored and the bad ones refused for good, in
    /// one transaction per batch (<see cref="IReadingStore"/>). Idempotent by (agent, sequence): a reading stored or refused
    /// before gets the same answer again, without being parsed again.
    /// </summary>
    public override async Task<UploadResponse> Upload(UploadRequest request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        if (request.Readings.Count > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a batch holds at most {MaxBatch} readings, this one {request.Readings.Count}"));
        }

        var now = clock.GetUtcNow();
        var earlier = await store.EarlierAnswersAsync(agent, request.Readings.Select(r => r.Sequence), context.CancellationToken).ConfigureAwait(false);
        var upload = UploadCheck.Judge(request.Readings, earlier, agent.AcknowledgedSequence, options.Value.MaxReadingKilobytes, now);
        foreach (var before in upload.RefusedAgain)
        {
            logger.LogDebug("Agent {Agent}: reading {Sequence} refused again ({Code}), as before", agent.Id, before.Sequence, before.Code);
        }

        // The quota is decided inside the store's transaction, against the agent's running total (no SUM per upload).
        var outcome = await store.IngestAsync(agent, upload.Batch, context.CancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case IngestOutcome.OverQuota over:
                await db.Agents.Where(a => a.Id == agent.Id).ExecuteUpdateAsync(s => s.SetProperty(a => a.QuotaRefusedAt, now), context.CancellationToken).ConfigureAwait(false);
                logger.LogWarning("Agent {Agent}: upload refused, {StoredMegabytes} MB stored and {BatchKilobytes} KB more would be over its quota of {QuotaMegabytes} MB",
                    agent.Id, over.StoredBytes / (1024 * 1024), over.BatchBytes / 1024, options.Value.AgentQuotaMegabytes);
                throw new RpcException(new Status(StatusCode.ResourceExhausted,
                    $"this agent stores {over.StoredBytes / (1024 * 1024)} MB of readings; this upload's {over.BatchBytes / 1024} KB more would be over its quota of " +
                    $"{options.Value.AgentQuotaMegabytes} MB (Hub:AgentQuotaMegabytes): nothing of this upload was stored; keep the readings and retry later"));
            case IngestOutcome.Done done:
                foreach (var refusal in upload.Batch.Refused)
                {
                    logger.LogWarning("Agent {Agent}: reading {Sequence} refused ({Code}): {Reason}", agent.Id, refusal.Sequence, refusal.Code, refusal.Reason);
                }

                return new UploadResponse
                {
                    AcknowledgedSequence = agent.AcknowledgedSequence, Stored = done.Stored,
                    Refused = { upload.Answers.Select(r => new RefusedReading { Sequence = r.Sequence, Code = r.Code, Reason = r.Reason }) },
                };
            default:
                throw new System.Diagnostics.UnreachableException($"ingest outcome {outcome}");
        }
    }

    /// <summary>
    /// A result is taken only for a task handed out (started) and not completed: a result for a task still waiting would
    /// complete it with its SNMP secrets, which only waiting tasks lose (<see cref="PendingTaskSecrets"/>). The same result
    /// reported again (an answer lost, the agent retries) is acknowledged without change. Completing strips the secrets
    /// again, whatever path the task took.
    /// </summary>
    public override async Task<TaskResultAck> ReportTaskResult(TaskResult request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == request.TaskId && t.AgentId == agent.Id, context.CancellationToken).ConfigureAwait(false)
            ?? throw new RpcException(new Status(StatusCode.NotFound, $"no task {Security.UntrustedText.Shown(request.TaskId)} for this agent"));
        if (task.CompletedAt is not null)
        {
            return task.Ok == request.Ok && task.Message == request.Message
                ? new TaskResultAck()
                : throw new RpcException(new Status(StatusCode.FailedPrecondition, $"task {task.Id} is completed already"));
        }

        if (task.StartedAt is null)
        {
            throw new RpcException(new Status(StatusCode.FailedPrecondition, $"task {task.Id} has not been handed out: a result is taken only for a task the agent got from Poll"));
        }

        task.CompletedAt = clock.GetUtcNow();
        task.Ok = request.Ok;
        task.Message = request.Message;
        string? before = task.ConfigJson;
        task.ConfigJson = before is null ? null : WithoutSecrets(before);
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        if (before != task.ConfigJson)
        {
            checkpoint.Request();
        }

        return new TaskResultAck();
    }

    private async Task<Storage.AgentRecord> AuthenticateAsync(ServerCallContext context)
    {
        string? id = context.RequestHeaders.GetValue(AgentHeaders.AgentId);
        string? credential = context.RequestHeaders.GetValue(AgentHeaders.Credential);
        var agent = await authenticator.AuthenticateAsync(id, credential, context.CancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("Agent call refused from {Peer}: unknown agent, wrong credential or revoked ({Agent})", context.Peer, id is null ? "no id" : Security.UntrustedText.Shown(id));
            throw new RpcException(new Status(StatusCode.Unauthenticated, "unknown agent, wrong credential, or the agent was revoked"));
        }

        return agent;
    }
}
