using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Tenants;

/// <summary>
/// A tenant's sign-in settings: second factor required, idle days, lockout, LDAP with its group → role mappings, OIDC
/// (the client secret write-only: the page says whether one is set, never shows it). A tenant outside the subtree is 404.
/// </summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ManageTenants))]
public sealed class EditModel(ActorAccessor actors, TenantAdmin tenants, UserAdmin users) : PageModel
{
    public const string LockoutByAdmin = "admin";
    public const string LockoutTimed = "timed";

    [BindProperty(SupportsGet = true)]
    public int Id { get; set; }

    [BindProperty]
    public bool RequireTwoFactor { get; set; }

    [BindProperty]
    public int IdleDays { get; set; }

    [BindProperty]
    public string Lockout { get; set; } = LockoutByAdmin;

    [BindProperty]
    public int? LockoutMinutes { get; set; }

    [BindProperty]
    public string? LdapUrl { get; set; }

    [BindProperty]
    public string? LdapBindTemplate { get; set; }

    [BindProperty]
    public string? LdapGroupBase { get; set; }

    [BindProperty]
    public string? OidcAuthority { get; set; }

    [BindProperty]
    public string? OidcClientId { get; set; }

    [BindProperty]
    public string? NewOidcSecret { get; set; }

    [BindProperty]
    public bool ClearOidcSecret { get; set; }

    public Tenant Tenant { get; private set; } = null!;

    public bool OidcSecretSet { get; private set; }

    public IReadOnlyList<LdapGroupRow> Groups { get; private set; } = [];

    public IReadOnlyList<PortalRole> Roles { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var found = await LoadAsync(cancellationToken).ConfigureAwait(false);
        if (found is not null)
        {
            var settings = TenantAdmin.SettingsOf(Tenant);
            (RequireTwoFactor, IdleDays, LockoutMinutes) = (settings.RequireTwoFactor, settings.IdleDays, settings.LockoutMinutes);
            Lockout = settings.LockoutMinutes is null ? LockoutByAdmin : LockoutTimed;
            (LdapUrl, LdapBindTemplate, LdapGroupBase) = (settings.LdapUrl, settings.LdapBindTemplate, settings.LdapGroupBase);
            (OidcAuthority, OidcClientId) = (settings.OidcAuthority, settings.OidcClientId);
        }

        return found ?? NotFound();
    }

    public Task<IActionResult> OnPostAsync(CancellationToken cancellationToken) => ActAsync((actor, ct) => tenants.SaveSettingsAsync(actor, Id,
        new TenantSettings(RequireTwoFactor, IdleDays, Lockout == LockoutTimed ? LockoutMinutes ?? 0 : (int?)null, LdapUrl, LdapBindTemplate, LdapGroupBase, OidcAuthority, OidcClientId,
            NewOidcSecret, ClearOidcSecret), ct), cancellationToken);

    public Task<IActionResult> OnPostAddGroupAsync(string groupDn, int roleId, int rank, CancellationToken cancellationToken) =>
        ActAsync((actor, ct) => tenants.AddGroupAsync(actor, Id, groupDn, roleId, rank, ct), cancellationToken, keepForm: false);

    public Task<IActionResult> OnPostRemoveGroupAsync(int groupId, CancellationToken cancellationToken) =>
        ActAsync((actor, ct) => tenants.RemoveGroupAsync(actor, Id, groupId, ct), cancellationToken, keepForm: false);

    private async Task<IActionResult> ActAsync(Func<Actor, CancellationToken, Task<AdminResult<string>>> action, CancellationToken cancellationToken, bool keepForm = true)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var done = await action(actor, cancellationToken).ConfigureAwait(false);
        if (done.Problem is TenantAdmin.NoSuchTenant)
        {
            return NotFound();
        }

        (Message, Problem) = (done.Value, done.Problem);
        NewOidcSecret = null; // never sent back to the browser
        if (!keepForm || done.Succeeded)
        {
            ModelState.Clear();
            return await OnGetAsync(cancellationToken).ConfigureAwait(false);
        }

        return await LoadAsync(cancellationToken).ConfigureAwait(false) ?? NotFound();
    }

    private async Task<IActionResult?> LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var tenant = await tenants.FindAsync(actor, Id, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return null;
        }

        Tenant = tenant;
        OidcSecretSet = tenant.OidcClientSecretProtected is not null;
        Groups = await tenants.GroupsAsync(tenant, cancellationToken).ConfigureAwait(false);
        Roles = (await users.RolesGivableAsync(actor, tenant, cancellationToken).ConfigureAwait(false)).Roles;
        return Page();
    }
}
