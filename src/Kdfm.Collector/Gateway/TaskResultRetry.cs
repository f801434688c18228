using Grpc.Core;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// When the <see cref="TaskRunner"/> reports a task's result to the hub again after a report failed: 5 s, doubling up to
/// 1 min, for <see cref="MaxAttempts"/> attempts in all (about 6 min from the first): a hub that restarts, or that is out of
/// reach for a few minutes, loses no result. A refusal the hub would repeat is not retried: the task unknown to it,
/// completed already with another result, a result it cannot take (a key another agent has), or this agent refused.
/// After the last attempt the result is dropped, with a warning: the hub keeps the task as started and never completed
/// (its API shows it so); what the task did on this collector stands (settings applied, a key made, a tunnel open).
/// </summary>
public static class TaskResultRetry
{
    public const int MaxAttempts = 10;

    private static readonly TimeSpan First = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Longest = TimeSpan.FromMinutes(1);

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> failed ones, or null when there is none.</summary>
    public static TimeSpan? After(int attempts, Exception error)
    {
        if (attempts >= MaxAttempts || IsRefusal(error))
        {
            return null;
        }

        var delay = First * Math.Pow(2, Math.Min(attempts - 1, 8));
        return delay < Longest ? delay : Longest;
    }

    /// <summary>The hub's answer to the call itself, which the same call would get again; anything else (unreachable, too slow, overloaded) may pass.</summary>
    public static bool IsRefusal(Exception error) => error is RpcException
    {
        StatusCode: StatusCode.InvalidArgument or StatusCode.NotFound or StatusCode.FailedPrecondition or StatusCode.AlreadyExists
            or StatusCode.PermissionDenied or StatusCode.Unauthenticated or StatusCode.OutOfRange or StatusCode.Unimplemented,
    };
}
