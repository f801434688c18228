using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Roles;

/// <summary>The built-in roles (read-only) and the tenants' own, with their permissions and who holds them.</summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ManageRoles))]
public sealed class IndexModel(ActorAccessor actors, RoleAdmin roles) : PageModel
{
    public IReadOnlyList<RoleRow> Roles { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Roles = await roles.ListAsync(actor, cancellationToken).ConfigureAwait(false);
    }
}
