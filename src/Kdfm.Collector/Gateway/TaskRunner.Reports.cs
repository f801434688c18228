using Akka.Actor;
using Akka.Event;
using Grpc.Core;
using Kdfm.Agent.V1;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The task runner's results to the hub (ReportTaskResult): each is sent when its task ends, and sent again on a timer
/// after a failure, with back-off, until the hub takes it or <see cref="TaskResultRetry"/> says to stop.
/// </summary>
public sealed partial class TaskRunner
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Results the hub has not taken yet, by task id.</summary>
    private readonly Dictionary<string, Unreported> _unreported = [];

    /// <summary>Sends so far: an answer to an older send of a result replaced since is told apart.</summary>
    private long _sends;

    private sealed record Reported(string TaskId, long Send);

    private sealed record ReportFailed(string TaskId, long Send, Exception Error);

    private sealed record ReportAgain(string TaskId);

    /// <summary>A result on its way to the hub, how many times it has been sent, and its latest send.</summary>
    private sealed record Unreported(TaskResult Result, int Attempts, long Send);

    /// <summary>Sends the result to the hub; a newer result for the same task replaces one not taken yet.</summary>
    private void Report(TaskResult result)
    {
        Timers.Cancel(ReportKey(result.TaskId));
        _unreported[result.TaskId] = new Unreported(result, 0, 0);
        Send(result.TaskId);
    }

    private void Send(string taskId)
    {
        if (!_unreported.TryGetValue(taskId, out var unreported))
        {
            return;
        }

        long send = ++_sends;
        _unreported[taskId] = unreported with { Attempts = unreported.Attempts + 1, Send = send };
        SendAsync(_hub, unreported.Result).PipeTo(Self, success: () => new Reported(taskId, send), failure: e => new ReportFailed(taskId, send, e));
    }

    private static async Task SendAsync(HubConnection hub, TaskResult result)
    {
        using var call = hub.Client.ReportTaskResultAsync(result, hub.Call(CallTimeout, CancellationToken.None));
        await call.ResponseAsync.ConfigureAwait(false);
    }

    private void OnReported(Reported reported)
    {
        if (_unreported.TryGetValue(reported.TaskId, out var unreported) && unreported.Send == reported.Send)
        {
            _unreported.Remove(reported.TaskId);
        }
    }

    private void OnReportFailed(ReportFailed failed)
    {
        if (!_unreported.TryGetValue(failed.TaskId, out var unreported) || unreported.Send != failed.Send)
        {
            return; // a send of a result replaced since
        }

        string reason = failed.Error is RpcException rpc ? Activation.Describe(rpc, _hub.Hub, _hub.Pin) : failed.Error.Message;
        if (TaskResultRetry.After(unreported.Attempts, failed.Error) is not { } delay)
        {
            // No more attempts (TaskResultRetry): the result is dropped, and the hub keeps the task started, without a result.
            _unreported.Remove(failed.TaskId);
            if (TaskResultRetry.IsRefusal(failed.Error))
            {
                _log.Warning("The hub refused the result of task {0}: {1}; it is not sent again", failed.TaskId, reason);
            }
            else
            {
                _log.Warning("Could not report task {0} to the hub in {1} attempts: {2}; the result is dropped (the hub shows the task unfinished)",
                    failed.TaskId, unreported.Attempts, reason);
            }

            return;
        }

        Timers.StartSingleTimer(ReportKey(failed.TaskId), new ReportAgain(failed.TaskId), delay);
        _log.Warning("Could not report task {0} to the hub: {1}; next try in {2:F0} s", failed.TaskId, reason, delay.TotalSeconds);
    }

    private static string ReportKey(string taskId) => "report-" + taskId;
}
