using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>The heartbeat and the tasks: Poll hands out the waiting tasks, ReportTaskResult takes how each ended.</summary>
public sealed partial class AgentGrpcService
{
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
            agent.TargetsJson = System.Text.Json.JsonSerializer.Serialize(status.Targets.Take(PingTargets.MaxTargets)); // what its pings may reach
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

            if (kind == TaskKind.WebSession && task.PayloadJson is not null)
            {
                handed.WebSession = Google.Protobuf.JsonParser.Default.Parse<WebSession>(task.PayloadJson);
            }
            else if (kind == TaskKind.RotateSshKey)
            {
                handed.Ssh = webSessions.Endpoint(); // pinned anew by the agent
            }
            else if (PingTasks.RequestOf(task) is { } ping)
            {
                handed.Ping = ping;
            }

            response.Tasks.Add(handed);
        }

        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        if (waiting.Any(t => t.ConfigJson is not null))
        {
            checkpoint.Request(); // the secrets' old copies leave the write-ahead log
        }

        if (request.Status is { StartedAtUnixMs: > 0 } running)
        {
            await webSessions.AgentPolledAsync(agent.Id, [.. running.OpenWebSessions], DateTimeOffset.FromUnixTimeMilliseconds(running.StartedAtUnixMs), context.CancellationToken)
                .ConfigureAwait(false);
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

        if (task.Kind == TaskKinds.Name(TaskKind.RotateSshKey) && request.Ok)
        {
            if (!WebAccess.SshPublicKey.TryParse(request.SshPublicKey, out var key, out string problem))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, $"ssh_public_key: {problem}"));
            }

            string text = key.ToString();
            if (await db.Agents.AnyAsync(a => a.Id != agent.Id && a.SshPublicKey == text, context.CancellationToken).ConfigureAwait(false))
            {
                throw new RpcException(new Status(StatusCode.InvalidArgument, "ssh_public_key: another agent has this key; make a new pair"));
            }

            agent.SshPublicKey = text;
            agent.SshKeyAt = clock.GetUtcNow();
            db.Audit.Add(new Storage.AuditEntry { At = clock.GetUtcNow(), TenantId = agent.TenantId, Actor = agent.Id, Action = Access.AuditActions.SshKeyRotated, Target = agent.Id,
                Detail = key.ToString()[..Math.Min(40, key.ToString().Length)] + "…", Source = "agent" });
        }

        task.CompletedAt = clock.GetUtcNow();
        task.Ok = request.Ok;
        task.Message = request.Message;
        task.ResultJson = request.Ping is null ? null : Google.Protobuf.JsonFormatter.Default.Format(request.Ping);
        string? before = task.ConfigJson;
        task.ConfigJson = before is null ? null : WithoutSecrets(before);
        await db.SaveChangesAsync(context.CancellationToken).ConfigureAwait(false);
        if (before != task.ConfigJson)
        {
            checkpoint.Request();
        }

        if (task.Kind == TaskKinds.Name(TaskKind.WebSession))
        {
            await webSessions.TunnelReportedAsync(task.Id, request.Ok, request.Message, context.CancellationToken).ConfigureAwait(false);
        }
        else if (task.Kind == TaskKinds.Name(TaskKind.RotateSshKey) && request.Ok)
        {
            await webSessions.SyncAnswersAsync(context.CancellationToken).ConfigureAwait(false);
        }

        return new TaskResultAck();
    }
}
