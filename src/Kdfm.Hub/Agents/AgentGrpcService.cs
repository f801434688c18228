using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Kdfm.Hub.Agents;

/// <summary>
/// The agents' gRPC service (protos/kdfm/agent/v1): authentication of each call, the checks and the mapping between the
/// contract and the hub; activation and upload here, the heartbeat and tasks in <c>AgentGrpcService.Tasks.cs</c>. Uploads
/// are stored by <see cref="IReadingStore"/>.
/// </summary>
public sealed partial class AgentGrpcService(HubDb db, Enrolment enrolment, AgentAuthenticator authenticator, IOptions<HubOptions> options, TimeProvider clock,
    ILogger<AgentGrpcService> logger, EnrolmentRateLimiter enrolmentLimiter, Security.LogThrottle throttle, SecretsCheckpoint checkpoint, IReadingStore store,
    Portal.Fleet.DeviceSummaryJob summaries, WebAccess.WebSessions webSessions)
    : AgentService.AgentServiceBase
{
    public const int MaxBatch = 5000;

    public override async Task<ActivateResponse> Activate(ActivateRequest request, ServerCallContext context)
    {
        enrolmentLimiter.Acquire(context);
        WebAccess.SshPublicKey? sshKey = null;
        if (request.SshPublicKey.Length > 0)
        {
            // Checked before the code is spent: a bad key is the agent's fault, not a failed attempt.
            if (!WebAccess.SshPublicKey.TryParse(request.SshPublicKey, out var parsed, out string problem))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"ssh_public_key: {problem}"));
            }

            sshKey = parsed;
            string text = parsed.ToString();
            if (await db.Agents.AnyAsync(a => a.SshPublicKey == text, context.CancellationToken).ConfigureAwait(false))
            {
                // One key, one agent: sshd's answer for a key carries its agent's ports only.
                throw new RpcException(new Status(StatusCode.InvalidArgument, "ssh_public_key: another agent has this key; make a new pair"));
            }
        }

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
        var response = new ActivateResponse { AgentId = agent.AgentId, Credential = agent.Credential, Tenant = agent.Tenant };
        if (sshKey is not null)
        {
            string text = sshKey.ToString();
            var at = clock.GetUtcNow();
            await db.Agents.Where(a => a.Id == agent.AgentId).ExecuteUpdateAsync(s => s.SetProperty(a => a.SshPublicKey, text).SetProperty(a => a.SshKeyAt, at), context.CancellationToken)
                .ConfigureAwait(false);
        }

        if (options.Value.DeviceWebAccess.Enabled)
        {
            response.Ssh = webSessions.Endpoint();
        }

        return response;
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

                if (done.Stored > 0)
                {
                    summaries.Request(); // the fleet pages' summaries and counters, off this call's path
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
