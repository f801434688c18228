using Kdfm.Agent.V1;

namespace Kdfm.Collector.Gateway;

/// <summary>To the <see cref="TaskRunner"/>, from the <see cref="HubPoller"/>: run a task the hub handed out.</summary>
public sealed record RunTask(AgentTask Task);

/// <summary>
/// To the <see cref="TaskRunner"/>, from whoever ran a task it handed on (the <see cref="TunnelManager"/>, for a
/// web-session): tell the hub how the task ended (the contract's ReportTaskResult), retried until the hub has it.
/// </summary>
public sealed record ReportTaskResult(TaskResult Result);
