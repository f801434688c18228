using Kdfm.Hub.Agents;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Api;

/// <summary>
/// A ping task as the API and the device page show it: what was asked (the defaults filled in) and, once the agent
/// answered, the address pinged, each probe (its round trip when it replied) and the loss. Null for another kind of task.
/// </summary>
public sealed record PingView(string Target, int Count, int Size, int TimeoutMs, string? Address, int? Sent, int? Received, int? LossPercent,
    IReadOnlyList<PingView.Probe>? Probes)
{
    public sealed record Probe(int Sequence, string Status, double? RttMs);

    public static PingView? Of(AgentTask task)
    {
        if (PingTasks.RequestOf(task) is not { } request)
        {
            return null;
        }

        var result = PingTasks.ResultOf(task);
        return new PingView(request.Target, request.Count, request.Size, request.TimeoutMs, result?.Address, result?.Sent, result?.Received,
            result is null ? null : result.Sent == 0 ? 0 : (int)Math.Round((result.Sent - result.Received) * 100.0 / result.Sent, MidpointRounding.AwayFromZero),
            result?.Probes.Select(p => new Probe(p.Sequence, p.Status, p.Status == "success" ? p.RttMs : null)).ToList());
    }
}
