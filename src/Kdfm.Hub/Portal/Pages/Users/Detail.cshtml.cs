using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Users;

/// <summary>
/// One user of the actor's subtree and what an administrator does to them: enable, disable, change the role, reset the
/// second factor, a new password link; their API tokens (list, revoke). Anyone outside the subtree is 404.
/// </summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ManageUsers))]
public sealed class DetailModel(ActorAccessor actors, UserAdmin admin, TokenAdmin tokens, TenantAdmin tenants, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = string.Empty;

    public UserRow Account { get; private set; } = null!;

    public IReadOnlyList<PortalRole> Roles { get; private set; } = [];

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];

    public bool Self { get; private set; }

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public string? NewLink { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task<IActionResult> OnPostEnableAsync(CancellationToken cancellationToken) => ActAsync((actor, ct) => admin.EnableAsync(actor, Id, ct), cancellationToken);

    public Task<IActionResult> OnPostDisableAsync(string? reason, CancellationToken cancellationToken) =>
        ActAsync((actor, ct) => admin.DisableAsync(actor, Id, reason, ct), cancellationToken);

    public Task<IActionResult> OnPostRoleAsync(int roleId, CancellationToken cancellationToken) =>
        ActAsync((actor, ct) => admin.ChangeRoleAsync(actor, Id, roleId, ct), cancellationToken);

    public Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken cancellationToken) =>
        ActAsync((actor, ct) => admin.ResetTwoFactorAsync(actor, Id, ct), cancellationToken);

    public Task<IActionResult> OnPostRevokeAsync(string tokenId, CancellationToken cancellationToken) =>
        ActAsync((actor, ct) => tokens.RevokeAsync(actor, tokenId, ct, userId: Id), cancellationToken);

    public Task<IActionResult> OnPostPasswordLinkAsync(CancellationToken cancellationToken) => ActAsync(async (actor, ct) =>
    {
        var made = await admin.PasswordLinkAsync(actor, Id, ct).ConfigureAwait(false);
        if (!made.Succeeded)
        {
            return AdminResult<string>.Refused(made.Problem!);
        }

        NewLink = Url.PageLink("/SetPassword", values: new { user = made.Value.User.Id, token = made.Value.Token });
        return AdminResult<string>.Done($"A new one-time link for {made.Value.User.Email}: send it to them. It works once, and is not shown again.");
    }, cancellationToken);

    private async Task<IActionResult> ActAsync(Func<Actor, CancellationToken, Task<AdminResult<string>>> action, CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var done = await action(actor, cancellationToken).ConfigureAwait(false);
        if (done.Problem is UserAdmin.NoSuchUser or TokenAdmin.NoSuchToken)
        {
            return NotFound();
        }

        (Message, Problem) = (done.Value, done.Problem);
        return await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var account = await admin.FindAsync(actor, Id, cancellationToken).ConfigureAwait(false);
        var tenant = account is null ? null : await tenants.FindAsync(actor, account.TenantId, cancellationToken).ConfigureAwait(false);
        if (account is null || tenant is null)
        {
            return NotFound();
        }

        Account = account;
        Self = actor.UserId == account.Id;
        Roles = (await admin.RolesGivableAsync(actor, tenant, cancellationToken).ConfigureAwait(false)).Roles;
        Tokens = await tokens.ListAsync(actor, account.Id, cancellationToken).ConfigureAwait(false) ?? [];
        Now = clock.GetUtcNow();
        return Page();
    }
}
