using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>The signed-in user's own API tokens: list, create (the secret shown once), revoke.</summary>
public sealed class TokensModel(ActorAccessor actors, AccountAdmin accounts, TokenAdmin tokens, UserManager<PortalUser> users, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string Name { get; set; } = string.Empty;

    [BindProperty]
    public int Days { get; set; } = 90;

    public IReadOnlyList<TokenRow> Tokens { get; private set; } = [];

    public bool HasUser { get; private set; }

    public string? NewSecret { get; private set; }

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public DateTimeOffset Now { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostCreateAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var user = actor.UserId is null ? null : await users.FindByIdAsync(actor.UserId).ConfigureAwait(false);
        if (user is null)
        {
            Problem = "Only a user has API tokens; the admin token makes none.";
        }
        else
        {
            var made = await accounts.AddTokenAsync(actor, user, Name, Days, cancellationToken).ConfigureAwait(false);
            (NewSecret, Problem) = (made.Value.Secret, made.Problem);
            if (made.Succeeded)
            {
                Message = $"The token {made.Value.Token.Name} is made. Copy it now: it is not shown again.";
                Name = string.Empty;
            }
        }

        await LoadAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string tokenId, CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var revoked = actor.UserId is null ? AdminResult<string>.Refused(TokenAdmin.NoSuchToken)
            : await tokens.RevokeAsync(actor, tokenId, cancellationToken, userId: actor.UserId).ConfigureAwait(false);
        if (revoked.Problem is TokenAdmin.NoSuchToken)
        {
            return NotFound();
        }

        (Message, Problem) = (revoked.Value, revoked.Problem);
        await LoadAsync(cancellationToken).ConfigureAwait(false);
        return Page();
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        HasUser = actor.UserId is not null;
        Tokens = HasUser ? await tokens.ListAsync(actor, actor.UserId!, cancellationToken).ConfigureAwait(false) ?? [] : [];
        Now = clock.GetUtcNow();
    }
}
