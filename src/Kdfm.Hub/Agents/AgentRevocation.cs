using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Revoking an agent: its calls and MQTT logins are refused from now on, its waiting tasks are withdrawn (their SNMP secrets
/// deleted) in the same save, then every MQTT session and every Device Web Access tunnel it has is closed.
/// </summary>
public sealed class AgentRevocation(HubDb db, PendingTaskSecrets pending, AgentBroker broker, SecretsCheckpoint checkpoint, WebAccess.WebSessions webSessions,
    ILogger<AgentRevocation> logger)
{
    /// <summary>False when there is no such agent.</summary>
    public async Task<bool> RevokeAsync(string agentId, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken).ConfigureAwait(false);
        if (agent is null)
        {
            return false;
        }

        agent.Revoked = true;
        int withdrawn = await pending.WithdrawForRevokedAsync(agentId, cancellationToken).ConfigureAwait(false);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        if (withdrawn > 0)
        {
            checkpoint.Request();
        }

        await broker.DisconnectAsync(agentId).ConfigureAwait(false);
        // Its tunnels: the key is answered for no more, each tunnel's sshd process ends.
        int ended = await webSessions.EndForAgentAsync(agentId, WebAccess.WebSessions.AgentRevoked, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Agent {Agent} revoked; {Withdrawn} waiting task(s) withdrawn, {Ended} web session(s) ended", agentId, withdrawn, ended);
        return true;
    }
}
