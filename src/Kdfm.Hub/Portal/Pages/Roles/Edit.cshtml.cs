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
    [BindProperty(SupportsGet = true)]
    public int? Id { get; set; }

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
        if (Id is { } id)
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
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var permissions = Granted.Aggregate(Permission.None, (all, p) => all | p);
        var saved = Id is { } id
            ? await roles.UpdateAsync(actor, id, Name, permissions, cancellationToken).ConfigureAwait(false)
            : await roles.CreateAsync(actor, TenantId, Name, permissions, cancellationToken).ConfigureAwait(false);
        if (saved.Problem is RoleAdmin.NoSuchRole)
        {
            return NotFound();
        }

        if (saved.Succeeded)
        {
            Id = saved.Value!.Id;
            Message = $"The role {saved.Value.Name} is saved.";
        }

        Problem = saved.Problem;
        return await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostDeleteAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var deleted = await roles.DeleteAsync(actor, Id ?? 0, cancellationToken).ConfigureAwait(false);
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

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Mine = actor.Permissions;
        Tenants = await tenants.TreeAsync(actor, cancellationToken).ConfigureAwait(false);
        TenantName = Tenants.FirstOrDefault(t => t.Id == TenantId)?.Name;
        return Page();
    }
}
