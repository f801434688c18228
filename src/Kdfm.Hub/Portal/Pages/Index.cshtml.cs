using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Pages;

public sealed class IndexModel(ActorAccessor actors, HubDb db) : PageModel
{
    public int Devices { get; private set; }

    public int Agents { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var visible = actor.Tenants;
        Devices = await db.Devices.CountAsync(d => visible == null || visible.Contains(d.TenantId), cancellationToken).ConfigureAwait(false);
        Agents = await db.Agents.CountAsync(a => visible == null || visible.Contains(a.TenantId), cancellationToken).ConfigureAwait(false);
    }
}
