using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>The dashboard (<see cref="FleetDashboard"/>): every figure links to the devices list filtered the same way. Without view fleet, only a greeting.</summary>
public sealed class IndexModel(ActorAccessor actors, FleetDashboard dashboard, TimeProvider clock) : PageModel
{
    public FleetDashboard.Figures? Figures { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Now = clock.GetUtcNow();
        if (actor.Can(Permission.ViewFleet))
        {
            Figures = await dashboard.FiguresAsync(actor, cancellationToken).ConfigureAwait(false);
        }
    }
}
