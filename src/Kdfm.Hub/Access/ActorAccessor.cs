using System.Security.Claims;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Access;

/// <summary>
/// Resolves the request's <see cref="Actor"/> once (cached in the request): the signed-in user — enabled, with their
/// role's permissions and their tenant's subtree, read from the store at each request so that a change of role, a
/// disabled account or a tenant moved applies at once — or the bootstrap token.
/// </summary>
public sealed class ActorAccessor(IHttpContextAccessor http, HubDb db)
{
    private static readonly object Key = new();

    public async Task<Actor?> GetAsync(CancellationToken cancellationToken = default)
    {
        var context = http.HttpContext;
        if (context is null)
        {
            return null;
        }

        if (context.Items.TryGetValue(Key, out var cached))
        {
            return (Actor?)cached;
        }

        var actor = await ResolveAsync(context.User, db, cancellationToken).ConfigureAwait(false);
        context.Items[Key] = actor;
        return actor;
    }

    /// <summary>The actor of <paramref name="principal"/>, or null (not signed in, unknown or disabled user).</summary>
    public static async Task<Actor?> ResolveAsync(ClaimsPrincipal principal, HubDb db, CancellationToken cancellationToken)
    {
        if (principal.Identity?.IsAuthenticated != true)
        {
            return null;
        }

        string? via = principal.FindFirstValue(KdfmClaims.Via);
        if (via == KdfmClaims.ViaBootstrap)
        {
            return Actor.Bootstrap;
        }

        string? userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId && u.DisabledAt == null)
            .Select(u => new { u.Email, u.TenantId, u.RoleId }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            return null;
        }

        var permissions = await db.RolePermissionsAsync(user.RoleId, cancellationToken).ConfigureAwait(false);
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        return new Actor(user.Email ?? userId, userId, user.TenantId, tree[user.TenantId]?.Name ?? "?", permissions, tree.Subtree(user.TenantId),
            via == KdfmClaims.ViaToken ? Actor.TokenKind : Actor.UserKind);
    }
}
