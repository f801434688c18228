using Kdfm.Agent;
using Kdfm.Agent.V1;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Gateway;

/// <summary>A ping task's outcome in the contract's words (<see cref="TaskResult"/> with <see cref="PingResult"/>), and how long the poller waits for it.</summary>
public static class PingTask
{
    /// <summary>Every probe's timeout, the name lookup and the capability check, with room to spare.</summary>
    public static TimeSpan Deadline(PingRequest request)
    {
        int count = request.Count is > 0 and <= PingRequests.MaxCount ? request.Count : PingRequests.DefaultCount;
        int timeoutMs = request.TimeoutMs is > 0 and <= PingRequests.MaxTimeoutMs ? request.TimeoutMs : PingRequests.DefaultTimeoutMs;
        return TimeSpan.FromMilliseconds((double)count * timeoutMs) + PingRun.ResolveTimeout + TimeSpan.FromSeconds(30);
    }

    public static TaskResult Result(string taskId, PingOutcome outcome) => outcome switch
    {
        PingReport report => new TaskResult
        {
            TaskId = taskId, Ok = true, Message = report.Summary(),
            Ping = new PingResult
            {
                Address = report.Address.ToString(), Sent = report.Sent, Received = report.Received,
                Probes = { report.Probes.Select(p => new PingProbe { Sequence = p.Sequence, Status = p.Status, RttMs = p.RttMs }) },
            },
        },
        PingFailure failure => new TaskResult { TaskId = taskId, Ok = false, Message = failure.Message },
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome.GetType().Name, "a ping outcome is a report or a failure"),
    };
}
