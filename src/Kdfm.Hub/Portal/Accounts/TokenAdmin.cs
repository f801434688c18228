using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Listing and revoking personal API tokens (they are made by <see cref="AccountAdmin.AddTokenAsync"/>): a user manages
/// their own; an administrator with manage users lists and revokes those of the users of their subtree. Anyone else's
/// token, or a user outside the subtree, is "not found".
/// </summary>
public sealed class TokenAdmin(HubDb db, AuditLog audit, TimeProvider clock)
{
    public const string NoSuchToken = "There is no such token.";

    /// <summary>The tokens of <paramref name="userId"/>, newest first; null when the actor may not see them.</summary>
    public async Task<IReadOnlyList<TokenRow>?> ListAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        if (await OwnerAsync(actor, userId, cancellationToken).ConfigureAwait(false) is null)
        {
            return null;
        }

        return await db.ApiTokens.AsNoTracking().Where(t => t.UserId == userId).OrderByDescending(t => t.CreatedAt)
            .Select(t => new TokenRow(t.Id, t.Name, t.Prefix, t.CreatedAt, t.ExpiresAt, t.LastUsedAt, t.RevokedAt)).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Revokes a token the actor may manage; with <paramref name="userId"/>, only one of that user's (the page's user).</summary>
    public async Task<AdminResult<string>> RevokeAsync(Actor actor, string tokenId, CancellationToken cancellationToken, string? userId = null)
    {
        var token = await db.ApiTokens.FirstOrDefaultAsync(t => t.Id == tokenId && (userId == null || t.UserId == userId), cancellationToken).ConfigureAwait(false);
        var owner = token is null ? null : await OwnerAsync(actor, token.UserId, cancellationToken).ConfigureAwait(false);
        if (token is null || owner is null)
        {
            return AdminResult<string>.Refused(NoSuchToken);
        }

        if (token.RevokedAt is not null)
        {
            return AdminResult<string>.Refused($"The token {token.Name} is revoked already.");
        }

        token.RevokedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, owner.TenantId, AuditActions.TokenRevoked, owner.Email!, $"{token.Name} ({token.Prefix}…)", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return AdminResult<string>.Done($"The token {token.Name} ({token.Prefix}…) is revoked.");
    }

    /// <summary>The token owner when the actor is them, or administers their tenant; null otherwise.</summary>
    private async Task<PortalUser?> OwnerAsync(Actor actor, string userId, CancellationToken cancellationToken)
    {
        if (actor.UserId != userId && !actor.Can(Permission.ManageUsers))
        {
            return null;
        }

        var query = db.Users.AsNoTracking().Where(u => u.Id == userId);
        var owner = await (actor.UserId == userId ? query : query.VisibleTo(actor)).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (owner is null || owner.Id == actor.UserId)
        {
            return owner;
        }

        // Another's tokens only when the actor holds every permission they carry (as for any change to their account).
        var held = await db.RolePermissionsAsync(owner.RoleId, cancellationToken).ConfigureAwait(false);
        return actor.Can(held) ? owner : null;
    }
}
