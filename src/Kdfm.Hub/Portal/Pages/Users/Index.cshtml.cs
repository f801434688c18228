using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Users;

/// <summary>The users of the actor's subtree (filter by state, tenant, text), and adding one: the one-time password link is shown once.</summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ManageUsers))]
public sealed class IndexModel(ActorAccessor actors, UserAdmin admin, AccountAdmin accounts, RoleAdmin roles, TenantAdmin tenants) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string State { get; set; } = UserFilter.All;

    [BindProperty(SupportsGet = true)]
    public int? Tenant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Q { get; set; }

    [BindProperty]
    public string NewEmail { get; set; } = string.Empty;

    [BindProperty]
    public string? NewName { get; set; }

    [BindProperty]
    public string NewTenant { get; set; } = string.Empty;

    [BindProperty]
    public string NewRole { get; set; } = string.Empty;

    public IReadOnlyList<UserRow> Rows { get; private set; } = [];

    public IReadOnlyList<TenantRow> Tenants { get; private set; } = [];

    /// <summary>Names of the roles the actor may give somewhere in its subtree (the tenant decides which one a name means).</summary>
    public IReadOnlyList<string> RoleNames { get; private set; } = [];

    public string? Problem { get; private set; }

    /// <summary>The one-time link of the user just added: shown on this answer only.</summary>
    public string? NewLink { get; private set; }

    public string? Added { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostAddAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var added = await accounts.AddUserAsync(actor, NewEmail, NewTenant, NewRole, NewName, cancellationToken).ConfigureAwait(false);
        if (added.Succeeded)
        {
            var (user, token) = added.Value;
            Added = user.Email;
            NewLink = Url.PageLink("/SetPassword", values: new { user = user.Id, token });
            (NewEmail, NewName) = (string.Empty, null);
        }
        else
        {
            Problem = added.Problem;
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Tenants = await tenants.TreeAsync(actor, cancellationToken).ConfigureAwait(false);
        if (Tenant is { } id && Tenants.All(t => t.Id != id))
        {
            Tenant = null;
        }

        Rows = await admin.ListAsync(actor, new UserFilter(State, Tenant, Q), cancellationToken).ConfigureAwait(false);
        bool dealers = Tenants.Any(t => t.Kind == TenantKinds.Dealer);
        RoleNames = [.. (await roles.ListAsync(actor, cancellationToken).ConfigureAwait(false))
            .Where(r => actor.Can(r.Permissions) && (dealers || r.Id != BuiltInRoles.DealerAdminId)).Select(r => r.Name).Distinct()];
    }

    public static string StateOf(UserRow user) => user.Disabled ? "disabled" : user.LockedUntil is not null ? "locked" : "active";
}
