using Kdfm.Hub.Access;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Portal.Fleet;
using Microsoft.AspNetCore.Mvc;

namespace Kdfm.Hub.Portal.Pages.Devices;

/// <summary>The device page's Ping card: the form (for those who may ping) and the recent pings of the device's address.</summary>
public sealed class DevicePingsViewComponent(ActorAccessor actors, DevicePings pings, TimeProvider clock) : ViewComponent
{
    public sealed record Card(DeviceDetail.Found Device, bool CanPing, IReadOnlyList<DevicePings.Line> Pings, string? Problem, DateTimeOffset Now);

    public async Task<IViewComponentResult> InvokeAsync(DeviceDetail.Found device, string? problem)
    {
        var actor = (await actors.GetAsync(HttpContext.RequestAborted).ConfigureAwait(false))!;
        var recent = await pings.RecentAsync(device, HttpContext.RequestAborted).ConfigureAwait(false);
        return View(new Card(device, PingTasks.Allowed.Any(actor.Can), recent, problem, clock.GetUtcNow()));
    }
}
