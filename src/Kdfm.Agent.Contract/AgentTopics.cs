namespace Kdfm.Agent;

/// <summary>
/// The MQTT topics of "task waiting" notices: the hub (or its external broker) publishes on an agent's task topic, and
/// the agent subscribes to it. An agent may read only its own subtree; agents publish nothing.
/// </summary>
public static class AgentTopics
{
    /// <summary>Every agent's subtree lies under it (a broker's ACL grants the hub writing here).</summary>
    public const string Root = "kdfm/agents/";

    /// <summary>The subtree of one agent, the only place it may subscribe: <c>kdfm/agents/{agentId}/</c>.</summary>
    public static string Of(string agentId) => Root + agentId + "/";

    /// <summary>Where a task for the agent is announced (the payload is the task id): <c>kdfm/agents/{agentId}/tasks</c>.</summary>
    public static string Tasks(string agentId) => Of(agentId) + "tasks";
}
