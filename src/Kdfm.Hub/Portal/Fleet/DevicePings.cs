using Kdfm.Hub.Access;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Api;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// The device page's pings: a ping task to the device's agent for the device's address (<see cref="PingTasks"/>'s rules),
/// and the recent pings of that address through that agent, with their probes once the agent answered.
/// </summary>
public sealed class DevicePings(HubDb db, DeviceDetail detail, PingTasks pings)
{
    public const int Shown = 5;

    /// <summary>The newest ping tasks of the agent looked through for this address (a task's target is in its JSON payload).</summary>
    public const int Scanned = 200;

    public sealed record Line(string TaskId, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, bool? Ok, string? Message,
        string? RequestedBy, PingView View);

    /// <summary>Asked (an outcome), refused (<c>Problem</c>), or the device is not in the actor's scope (neither: answer 404).</summary>
    public sealed record Asked(AgentTask? Task, string? Problem);

    public async Task<IReadOnlyList<Line>> RecentAsync(DeviceDetail.Found device, CancellationToken cancellationToken)
    {
        var tasks = await db.Tasks.AsNoTracking().Where(t => t.AgentId == device.AgentId && t.Kind == PingTasks.Kind).OrderByDescending(t => t.CreatedAt)
            .Take(Scanned).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. tasks.Select(t => (Task: t, View: PingView.Of(t))).Where(x => x.View?.Target == device.Device.Address).Take(Shown)
            .Select(x => new Line(x.Task.Id, x.Task.CreatedAt, x.Task.StartedAt, x.Task.CompletedAt, x.Task.Ok, x.Task.Message, x.Task.RequestedBy, x.View!))];
    }

    /// <summary>Pings the device of (<paramref name="tenant"/>, <paramref name="key"/>) at its address; null when it is not in the actor's scope.</summary>
    public async Task<Asked?> PingAsync(Actor actor, string tenant, string key, int count, CancellationToken cancellationToken)
    {
        if (await detail.FindAsync(actor, tenant, key, cancellationToken).ConfigureAwait(false) is not { } device)
        {
            return null;
        }

        var (task, refusal) = await pings.CreateAsync(actor, device.AgentId, new Kdfm.Agent.V1.PingRequest { Target = device.Device.Address, Count = count }, cancellationToken)
            .ConfigureAwait(false);
        return new Asked(task, refusal?.Message);
    }
}
