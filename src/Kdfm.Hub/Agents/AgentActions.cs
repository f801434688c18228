using System.Text.Json.Nodes;
using Kdfm.Agent;
using Kdfm.Hub.Access;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>
/// What a person does to agents, for the API and the portal alike: enrolment codes (create for a tenant of the subtree,
/// expire), tasks (poll now, rescan, set-config), revocation. Each through the actor's scope (another tenant's agent or
/// tenant is not found) and audited. Refusals are values (<see cref="Refusal"/>), which each caller words as it answers.
/// </summary>
public sealed class AgentActions(HubDb db, AuditLog audit, Enrolment enrolment, AgentRevocation revocation, ITaskNotifier notifier, HubOptions options, TimeProvider clock)
{
    public enum RefusalKind
    {
        /// <summary>The request itself is wrong (400).</summary>
        Invalid,

        /// <summary>No such agent, tenant or code in the actor's subtree (404).</summary>
        NotFound,

        /// <summary>The agent is revoked (409).</summary>
        Conflict,

        /// <summary>The actor may not do this here, refused and audited (403): a ping outside the agent's targets without manage agents.</summary>
        Forbidden,
    }

    public sealed record Refusal(RefusalKind Kind, string Message);

    /// <summary>A task for the agent, stored, audited and announced on MQTT. <paramref name="config"/>: set-config's (AgentConfig as JSON).</summary>
    public async Task<(AgentTask? Task, Refusal? Refusal)> CreateTaskAsync(Actor actor, string agentId, string? kindName, JsonObject? config, CancellationToken cancellationToken)
    {
        if (!TaskKinds.TryParse(kindName, out var kind))
        {
            return (null, new Refusal(RefusalKind.Invalid, $"kind must be one of {TaskKinds.KnownNames}; got '{kindName}'"));
        }

        if (kind == Kdfm.Agent.V1.TaskKind.WebSession)
        {
            return (null, new Refusal(RefusalKind.Invalid, "a web-session is opened on its device: POST /api/v1/devices/{key}/web-sessions"));
        }

        if (kind == Kdfm.Agent.V1.TaskKind.Ping)
        {
            return (null, new Refusal(RefusalKind.Invalid, "a ping names its target: {\"kind\":\"ping\",\"target\":\"ADDRESS\",\"count\":4} (PingTasks)"));
        }

        if (kind == Kdfm.Agent.V1.TaskKind.SetConfig && config is null)
        {
            return (null, new Refusal(RefusalKind.Invalid, $"{TaskKinds.Name(kind)} needs a config object (targets, exclusions, pollIntervalSeconds, discoveryIntervalSeconds)"));
        }

        if (config is not null)
        {
            try
            {
                Google.Protobuf.JsonParser.Default.Parse<Kdfm.Agent.V1.AgentConfig>(config.ToJsonString());
            }
            catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or Google.Protobuf.InvalidJsonException or FormatException)
            {
                return (null, new Refusal(RefusalKind.Invalid, $"config: {e.Message}"));
            }
        }

        var agent = await db.Agents.AsNoTracking().VisibleTo(actor).Where(a => a.Id == agentId).Select(a => new { a.Revoked }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return (null, new Refusal(RefusalKind.NotFound, $"no agent {agentId}"));
        }

        if (agent.Revoked)
        {
            // It will never take the task: a set-config would only keep its SNMP secrets until they expire.
            return (null, new Refusal(RefusalKind.Conflict, $"agent {agentId} is revoked: it takes no tasks"));
        }

        var task = new AgentTask { Id = "tsk_" + Secrets.NewCode(12).ToLowerInvariant(), AgentId = agentId, Kind = kindName!, CreatedAt = clock.GetUtcNow(),
            ConfigJson = config?.ToJsonString() };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.TaskCreated, agentId, task.Kind, cancellationToken: cancellationToken).ConfigureAwait(false);
        await notifier.NotifyAsync(agentId, task.Id, cancellationToken).ConfigureAwait(false);
        return (task, null);
    }

    /// <summary>Revokes the agent (its credential, its MQTT session, its waiting tasks' secrets), audited; a refusal when it is not in the subtree.</summary>
    public async Task<Refusal?> RevokeAsync(Actor actor, string agentId, CancellationToken cancellationToken)
    {
        if (!await db.Agents.VisibleTo(actor).AnyAsync(a => a.Id == agentId, cancellationToken).ConfigureAwait(false)
            || !await revocation.RevokeAsync(agentId, cancellationToken).ConfigureAwait(false))
        {
            return new Refusal(RefusalKind.NotFound, $"no agent {agentId}");
        }

        await audit.WriteAsync(actor, AuditActions.AgentRevoked, agentId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>An enrolment code for an agent of <paramref name="tenantName"/> (a customer or a site of the subtree), audited.</summary>
    public async Task<(Enrolment.Created? Code, Refusal? Refusal)> CreateCodeAsync(Actor actor, string? tenantName, CancellationToken cancellationToken)
    {
        string name = string.IsNullOrWhiteSpace(tenantName) ? string.Empty : tenantName.Trim();
        var tenant = await db.Tenants.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return (null, new Refusal(RefusalKind.NotFound, name.Length == 0 ? "tenant is needed: the customer or site the agent will belong to" : $"no tenant {name}"));
        }

        var (created, problem) = await enrolment.CreateCodeAsync(tenant, TimeSpan.FromDays(options.EnrolmentCodeDays), cancellationToken).ConfigureAwait(false);
        if (created is null)
        {
            return (null, new Refusal(RefusalKind.Invalid, problem!));
        }

        await audit.WriteAsync(actor, AuditActions.CodeCreated, tenant.Name, created.Code.Split('-')[0], cancellationToken: cancellationToken).ConfigureAwait(false);
        return (created, null);
    }

    /// <summary>Ends an unused code now (it can no longer enrol an agent), audited.</summary>
    public async Task<Refusal?> ExpireCodeAsync(Actor actor, string codeId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var code = await db.Codes.VisibleTo(actor).FirstOrDefaultAsync(c => c.Id == codeId && c.UsedByAgent == null && c.ExpiresAt > now, cancellationToken).ConfigureAwait(false);
        if (code is null)
        {
            return new Refusal(RefusalKind.NotFound, $"no live enrolment code {codeId}");
        }

        code.ExpiresAt = now;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.CodeExpired, codeId, cancellationToken: cancellationToken).ConfigureAwait(false);
        return null;
    }
}
