using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Checks an agent's id and credential (gRPC metadata: <see cref="Kdfm.Agent.AgentHeaders"/>; MQTT login): the agent if both match and it is not revoked. One per
/// request scope: the gate that checks a gRPC call before its body is read and the service that handles it share the answer
/// (and the tracked record), so a call costs one look-up.
/// </summary>
public sealed class AgentAuthenticator(HubDb db)
{
    /// <summary>The answer to a call that is not an agent's: it does not say which part was wrong.</summary>
    public const string RefusalMessage = "unknown agent, wrong credential, or the agent was revoked";

    private (string Id, string Credential, AgentRecord? Agent)? _checked;

    public async Task<AgentRecord?> AuthenticateAsync(string? agentId, string? credential, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(agentId) || string.IsNullOrEmpty(credential))
        {
            return null;
        }

        if (_checked is { } seen && seen.Id == agentId && seen.Credential == credential)
        {
            return seen.Agent;
        }

        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken).ConfigureAwait(false);
        var accepted = agent is not null && !agent.Revoked && Secrets.Matches(credential, agent.CredentialHash) ? agent : null;
        _checked = (agentId, credential, accepted);
        return accepted;
    }

    /// <summary>True when the agent exists and is revoked (an unknown id is refused at login already).</summary>
    public Task<bool> IsRevokedAsync(string agentId, CancellationToken cancellationToken) =>
        db.Agents.AsNoTracking().AnyAsync(a => a.Id == agentId && a.Revoked, cancellationToken);
}
