using Google.Protobuf;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Hub.Access;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Security;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Ping tasks, for the API and the device page alike. Ping is a troubleshooting tool: the caller checks that the actor holds
/// <see cref="Permission.DeviceWebAccess"/> or <see cref="Permission.ManageAgents"/> (<see cref="Allowed"/>, audited when
/// not). Here: the request (<see cref="PingRequests"/>: 400), the agent in the actor's scope (else 404, as if it did not
/// exist), not revoked (409), and the target inside the targets the agent reported (<see cref="PingTargets"/>) unless the
/// actor may manage agents (else 403, audited). The request is stored as protobuf JSON in the task's PayloadJson with who
/// asked, audited and announced on MQTT.
/// </summary>
public sealed class PingTasks(Storage.HubDb db, AuditLog audit, ITaskNotifier notifier, TimeProvider clock)
{
    /// <summary>Either permission lets a user ping.</summary>
    public static readonly Permission[] Allowed = [Permission.DeviceWebAccess, Permission.ManageAgents];

    public static string Kind => TaskKinds.Name(TaskKind.Ping);

    public async Task<(Storage.AgentTask? Task, AgentActions.Refusal? Refusal)> CreateAsync(Actor actor, string agentId, PingRequest request, CancellationToken cancellationToken)
    {
        var (ping, problem) = PingRequests.Normalize(request);
        if (ping is null)
        {
            return (null, new AgentActions.Refusal(AgentActions.RefusalKind.Invalid, problem!));
        }

        var agent = await db.Agents.AsNoTracking().VisibleTo(actor).Where(a => a.Id == agentId).Select(a => new { a.Revoked, a.TargetsJson })
            .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return (null, new AgentActions.Refusal(AgentActions.RefusalKind.NotFound, $"no agent {agentId}"));
        }

        if (agent.Revoked)
        {
            return (null, new AgentActions.Refusal(AgentActions.RefusalKind.Conflict, $"agent {agentId} is revoked: it takes no tasks"));
        }

        var targets = PingTargets.Parse(agent.TargetsJson);
        if (!actor.Can(Permission.ManageAgents) && !PingTargets.Covers(targets, ping.Target))
        {
            string why = targets.Count == 0 ? "the agent has not reported its targets yet" : $"the agent's targets are {string.Join(", ", targets.Take(8))}{(targets.Count > 8 ? ", …" : "")}";
            await audit.WriteAsync(actor, AuditActions.Denied, $"ping {ping.Target} through {agentId}", "outside the agent's targets: needs ManageAgents", AuditLog.Denied,
                cancellationToken).ConfigureAwait(false);
            return (null, new AgentActions.Refusal(AgentActions.RefusalKind.Forbidden,
                $"{UntrustedText.Clean(ping.Target, 253)} is outside the targets of agent {agentId} ({why}); pinging elsewhere needs the manage agents permission"));
        }

        var task = new Storage.AgentTask
        {
            Id = "tsk_" + Secrets.NewCode(12).ToLowerInvariant(), AgentId = agentId, Kind = Kind, CreatedAt = clock.GetUtcNow(),
            PayloadJson = JsonFormatter.Default.Format(ping), RequestedBy = actor.Name,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.TaskCreated, agentId, $"{Kind} {ping.Target}", cancellationToken: cancellationToken).ConfigureAwait(false);
        await notifier.NotifyAsync(agentId, task.Id, cancellationToken).ConfigureAwait(false);
        return (task, null);
    }

    /// <summary>The ping a task asked for (its PayloadJson), or null when it is not a ping or its payload cannot be read.</summary>
    public static PingRequest? RequestOf(Storage.AgentTask task) => task.Kind == Kind ? Parse<PingRequest>(task.PayloadJson) : null;

    /// <summary>What the agent found (its ResultJson), or null before it answered.</summary>
    public static PingResult? ResultOf(Storage.AgentTask task) => task.Kind == Kind ? Parse<PingResult>(task.ResultJson) : null;

    private static T? Parse<T>(string? json) where T : class, IMessage<T>, new()
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonParser.Default.Parse<T>(json);
        }
        catch (InvalidProtocolBufferException)
        {
            return null; // stored by something else than this hub: shown as not readable
        }
        catch (InvalidJsonException)
        {
            return null;
        }
    }
}
