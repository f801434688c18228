using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Roles;

/// <summary>
/// A tenant's own role, new (no id) or existing: its name and permissions as checkboxes, only those the actor holds may be
/// ticked; delete, refused while someone holds it. A role the actor may not edit is 404.
/// </summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ManageRoles))]
public sealed class EditModel(ActorAccessor actors, RoleAdmin roles, TenantAdmin tenants) : PageModel
{
    /// <summary>The route's id: "new", or a role's number.</summary>
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = New;

    public const string New = "new";

    /// <summary>The role edited; null for a new one.</summary>
    public int? RoleId { get; private set; }

    /// <summary>The id for the forms' routes: the saved role's, once a new one is saved.</summary>
    public string Route => RoleId?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? New;

    [BindProperty]
    public string Name { get; set; } = string.Empty;

    [BindProperty]
    public int TenantId { get; set; }

    [BindProperty]
    public List<Permission> Granted { get; set; } = [];

    public string? TenantName { get; private set; }

    public IReadOnlyList<TenantRow> Tenants { get; private set; } = [];

    public Permission Mine { get; private set; }

    public string? Problem { get; private set; }

    public string? Message { get; private set; }

    public bool Has(Permission permission) => Granted.Contains(permission);

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (!Parse())
        {
            return NotFound();
        }

        if (RoleId is { } id)
        {
            var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
            var role = await roles.FindEditableAsync(actor, id, cancellationToken).ConfigureAwait(false);
            if (role is null)
            {
                return NotFound();
            }

            (Name, TenantId, Granted) = (role.Name, role.TenantId!.Value, [.. PermissionNames.Each.Where(p => (role.Permissions & p) == p)]);
        }

        return await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!Parse())
        {
            return NotFound();
        }

        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var permissions = Granted.Aggregate(Permission.None, (all, p) => all | p);
        var saved = RoleId is { } id
            ? await roles.UpdateAsync(actor, id, Name, permissions, cancellationToken).ConfigureAwait(false)
            : await roles.CreateAsync(actor, TenantId, Name, permissions, cancellationToken).ConfigureAwait(false);
        if (saved.Problem is RoleAdmin.NoSuchRole)
        {
            return NotFound();
        }

        if (saved.Succeeded)
        {
            RoleId = saved.Value!.Id;
            Message = $"The role {saved.Value.Name} is saved.";
        }

        Problem = saved.Problem;
        return await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        if (!Parse() || RoleId is null)
        {
            return NotFound();
        }

        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var deleted = await roles.DeleteAsync(actor, RoleId.Value, cancellationToken).ConfigureAwait(false);
        if (deleted.Problem is RoleAdmin.NoSuchRole)
        {
            return NotFound();
        }

        if (deleted.Succeeded)
        {
            return RedirectToPage("/Roles/Index");
        }

        Problem = deleted.Problem;
        return await OnGetAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the route's id: "new" or a number (anything else is not found).</summary>
    private bool Parse()
    {
        if (Id == New)
        {
            return true;
        }

        bool number = int.TryParse(Id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int id);
        RoleId = number ? id : null;
        return number;
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Mine = actor.Permissions;
        Tenants = await tenants.TreeAsync(actor, cancellationToken).ConfigureAwait(false);
        TenantName = Tenants.FirstOrDefault(t => t.Id == TenantId)?.Name;
        return Page();
    }
}
