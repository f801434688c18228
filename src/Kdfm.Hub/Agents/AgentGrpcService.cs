using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Agents;

/// <summary>The agents' gRPC service (protos/kdfm/agent/v1): activation, poll, upload, task results.</summary>
public sealed class AgentGrpcService(HubDb db, Enrolment enrolment, AgentAuthenticator authenticator, IOptions<HubOptions> options, TimeProvider clock,
    ILogger<AgentGrpcService> logger, EnrolmentRateLimiter enrolmentLimiter) : AgentService.AgentServiceBase
{
    public const int MaxBatch = 5000;

    public override async Task<ActivateResponse> Activate(ActivateRequest request, ServerCallContext context)
    {
        enrolmentLimiter.Acquire(context);
        var (agent, refusal) = await enrolment.ActivateAsync(request.Code, request.HostName, request.Version, context.CancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("Activation refused from {Peer}: {Reason}", context.Peer, refusal!.Kind);
            throw new RpcException(new Status(StatusCode.PermissionDenied, refusal.Message));
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

        var waiting = await db.Tasks.Where(t => t.AgentId == agent.Id && t.StartedAt == null && t.CompletedAt == null).OrderBy(t => t.CreatedAt).ToListAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new PollResponse { NextPollSeconds = options.Value.AgentPollSeconds, AcknowledgedSequence = agent.AcknowledgedSequence, Config = new AgentConfig() };
        foreach (var task in waiting)
        {
            task.StartedAt = now;
            var handed = new Kdfm.Agent.V1.AgentTask { Id = task.Id, Kind = task.Kind };
            if (task.ConfigJson is not null)
            {
                handed.Config = Google.Protobuf.JsonParser.Default.Parse<AgentConfig>(task.ConfigJson);
                task.ConfigJson = WithoutSecrets(task.ConfigJson); // handed out: the hub keeps no SNMP secret
            }

            response.Tasks.Add(handed);
        }

        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
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

    public override async Task<UploadResponse> Upload(UploadRequest request, ServerCallContext context)
    {
        var agent = await AuthenticateAsync(context).ConfigureAwait(false);
        if (request.Readings.Count > MaxBatch)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, $"a batch holds at most {MaxBatch} readings, this one {request.Readings.Count}"));
        }

        // The quota is checked against the running total the ingest keeps, not a sum over the readings.
        long quota = options.Value.AgentQuotaMegabytes * 1024L * 1024L;
        if (quota > 0 && agent.StoredBytes > quota)
        {
            logger.LogWarning("Agent {Agent}: upload refused, {StoredMegabytes} MB stored is over its quota of {QuotaMegabytes} MB", agent.Id,
                agent.StoredBytes / (1024 * 1024), options.Value.AgentQuotaMegabytes);
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                $"this agent stores {agent.StoredBytes / (1024 * 1024)} MB of readings, over its quota of {options.Value.AgentQuotaMegabytes} MB (Hub:AgentQuotaMegabytes): " +
                "nothing of this upload was stored; keep the readings and retry later"));
        }

        var outcome = await new ReadingIngest(db, options.Value, clock, logger).IngestAsync(agent, request.Readings, context.CancellationToken).ConfigureAwait(false);
        return new UploadResponse { AcknowledgedSequence = agent.AcknowledgedSequence, Stored = outcome.Stored, Refused = { outcome.Refused } };
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
