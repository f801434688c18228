using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Tenants;

/// <summary>The actor's tenant tree, indented, with each tenant's sign-in settings in short; adding a customer under a dealer or a site under a customer.</summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ManageTenants))]
public sealed class IndexModel(ActorAccessor actors, TenantAdmin tenants, AccountAdmin accounts) : PageModel
{
    [BindProperty]
    public string NewName { get; set; } = string.Empty;

    [BindProperty]
    public string NewKind { get; set; } = TenantKinds.Customer;

    [BindProperty]
    public string NewParent { get; set; } = string.Empty;

    public IReadOnlyList<TenantRow> Tree { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostAddAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        if (NewKind is not (TenantKinds.Customer or TenantKinds.Site))
        {
            Problem = "Here you add a customer (under a dealer) or a site (under a customer).";
        }
        else
        {
            var added = await accounts.AddTenantAsync(actor, NewName, NewKind, NewParent, cancellationToken).ConfigureAwait(false);
            Problem = added.Problem;
            if (added.Succeeded)
            {
                Message = $"The {added.Value!.Kind} {added.Value.Name} is added under {NewParent}.";
                NewName = string.Empty;
            }
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Tree = await tenants.TreeAsync(actor, cancellationToken).ConfigureAwait(false);
    }
}
