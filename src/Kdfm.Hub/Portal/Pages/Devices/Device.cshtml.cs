using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Devices;

/// <summary>
/// One device (<see cref="DeviceDetail"/>): identity, status and alerts, supplies; with view meters and export, its
/// counters as a chart (data from <see cref="OnGetChartAsync"/>), daily and monthly deltas, and its readings a page at a
/// time. A device outside the caller's subtree is "not found", as one that does not exist.
/// </summary>
[Authorize(Policy = FleetPolicies.ViewFleet)]
public sealed partial class DeviceModel(ActorAccessor actors, DeviceDetail detail, HandlerPermission permission, TimeProvider clock, WebAccess.WebAccessPanel webAccess) : PageModel
{
    /// <summary>Device Web Access: the ports to open a session on, and this device's sessions the user sees.</summary>
    public WebAccess.WebAccessPanel.View WebAccess { get; private set; } = null!;

    /// <summary>The counter whose deltas the tables show: total when the device has it, else its first standard counter.</summary>
    public string? DeltaCounter { get; private set; }

    public DeviceDetail.Found Device { get; private set; } = null!;

    public bool CanSeeMeters { get; private set; }

    public IReadOnlyList<CounterDeltas.Delta> Daily { get; private set; } = [];

    public IReadOnlyList<CounterDeltas.Delta> Monthly { get; private set; } = [];

    /// <summary>The latest counter readings billing does not trust (issue 14), with their flags.</summary>
    public IReadOnlyList<DeviceDetail.Untrusted> Untrusted { get; private set; } = [];

    public IReadOnlyList<DeviceDetail.ReadingLine> Readings { get; private set; } = [];

    [BindProperty(SupportsGet = true, Name = "readings")]
    public int ReadingsPage { get; set; } = 1;

    public DateTimeOffset Now { get; private set; }

    public async Task<IActionResult> OnGetAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Now = clock.GetUtcNow();
        if (await detail.FindAsync(actor, tenant, key, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return NotFound(); // the Status page: the same words for a device that does not exist and one outside the subtree
        }

        Device = found;
        WebAccess = await webAccess.ForDeviceAsync(actor, found.TenantId, tenant, key, cancellationToken).ConfigureAwait(false);
        CanSeeMeters = actor.Can(Permission.ViewMetersAndExport);
        if (CanSeeMeters)
        {
            var counters = await detail.CountersAsync(found, Now, cancellationToken).ConfigureAwait(false);
            DeltaCounter = counters.ContainsKey(SnapshotSummary.TotalCounter) ? SnapshotSummary.TotalCounter
                : counters.Keys.Where(k => !k.StartsWith("vendor:", StringComparison.Ordinal)).Order(StringComparer.Ordinal).FirstOrDefault();
            if (DeltaCounter is not null)
            {
                Daily = [.. CounterDeltas.Daily(counters[DeltaCounter]).TakeLast(31).Reverse()];
                Monthly = [.. CounterDeltas.Monthly(counters[DeltaCounter]).Reverse()];
            }

            Readings = await detail.ReadingsAsync(found, ReadingsPage, cancellationToken).ConfigureAwait(false);
            Untrusted = await detail.UntrustedAsync(found, 25, cancellationToken).ConfigureAwait(false);
        }

        return Page();
    }

    /// <summary>The chart's data (uPlot's arrays) as JSON: view meters and export, like the counters it shows.</summary>
    public async Task<IActionResult> OnGetChartAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.ViewMetersAndExport, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        if (await detail.FindAsync(actor, tenant, key, cancellationToken).ConfigureAwait(false) is not { } found)
        {
            return NotFound(); // the Status page: the same words for a device that does not exist and one outside the subtree
        }

        var counters = await detail.CountersAsync(found, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        return new JsonResult(DeviceDetail.ChartOf(counters), Api.ReadApi.JsonOptions);
    }
}
