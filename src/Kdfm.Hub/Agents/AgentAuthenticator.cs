using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>Checks an agent's id and credential (gRPC metadata, MQTT login): the agent if both match and it is not revoked.</summary>
public sealed class AgentAuthenticator(HubDb db)
{
    public const string IdHeader = "x-kdfm-agent-id";
    public const string CredentialHeader = "x-kdfm-agent-credential";

    public async Task<AgentRecord?> AuthenticateAsync(string? agentId, string? credential, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(agentId) || string.IsNullOrEmpty(credential))
        {
            return null;
        }

        var agent = await db.Agents.FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken).ConfigureAwait(false);
        return agent is not null && !agent.Revoked && Secrets.Matches(credential, agent.CredentialHash) ? agent : null;
    }
}
