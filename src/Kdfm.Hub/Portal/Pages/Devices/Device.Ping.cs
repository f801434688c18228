using Kdfm.Hub.Agents;
using Kdfm.Hub.Portal.Fleet;
using Microsoft.AspNetCore.Mvc;

namespace Kdfm.Hub.Portal.Pages.Devices;

/// <summary>
/// The device page's ping form (<see cref="DevicePings"/>): device web access or manage agents (refused and audited without
/// either), a ping task to the device's agent for its address; the page then shows it waiting for the agent
/// (<see cref="DevicePingsViewComponent"/>), or says why it was refused.
/// </summary>
public sealed partial class DeviceModel
{
    /// <summary>Why the ping just asked for was refused (outside the agent's targets, a revoked agent, a count out of range).</summary>
    public string? PingProblem { get; private set; }

    public async Task<IActionResult> OnPostPingAsync(string tenant, string key, int count, [FromServices] HandlerPermission permission, [FromServices] DevicePings pings,
        CancellationToken cancellationToken)
    {
        if (await permission.RequireAnyAsync(PingTasks.Allowed, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        if (await pings.PingAsync(actor, tenant, key, count, cancellationToken).ConfigureAwait(false) is not { } asked)
        {
            return NotFound(); // the Status page: the same words for a device that does not exist and one outside the subtree
        }

        if (asked.Task is not null)
        {
            return RedirectToPage("/Devices/Device", null, new { tenant, key }, "pings");
        }

        PingProblem = asked.Problem;
        return await OnGetAsync(tenant, key, cancellationToken).ConfigureAwait(false);
    }
}
