namespace Kdfm.Hub.Mqtt;

/// <summary>Tells an agent that a task waits for it, so it polls at once instead of at its next poll.</summary>
public interface ITaskNotifier
{
    Task NotifyAsync(string agentId, string taskId, CancellationToken cancellationToken);
}
