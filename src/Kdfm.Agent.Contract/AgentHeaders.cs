namespace Kdfm.Agent;

/// <summary>The gRPC metadata that carries an agent's identity on every call but Activate (protos/kdfm/agent/v1).</summary>
public static class AgentHeaders
{
    /// <summary>The agent's id (<c>agt_…</c>), as Activate returned it.</summary>
    public const string AgentId = "x-kdfm-agent-id";

    /// <summary>The agent's credential, as Activate returned it: a secret, never logged.</summary>
    public const string Credential = "x-kdfm-agent-credential";
}
