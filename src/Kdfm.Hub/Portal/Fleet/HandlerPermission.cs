using Kdfm.Hub.Access;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// A permission a page's handler needs beyond its page's policy (Razor Pages take no [Authorize] on a handler): checked
/// here, and a refusal audited as <see cref="AuditedAuthorization"/> audits the policies' ones.
/// </summary>
public sealed class HandlerPermission(ActorAccessor actors, AuditLog audit, IHttpContextAccessor http)
{
    /// <summary>The actor when it holds <paramref name="permission"/>; else null, the refusal audited (answer with Forbid()).</summary>
    public async Task<Actor?> RequireAsync(Permission permission, CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        if (actor.Can(permission))
        {
            return actor;
        }

        await DeniedAsync(actor, permission.ToString(), cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>The actor when it holds any of <paramref name="permissions"/>; else null, the refusal audited (answer with Forbid()).</summary>
    public async Task<Actor?> RequireAnyAsync(IReadOnlyList<Permission> permissions, CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        if (permissions.Any(actor.Can))
        {
            return actor;
        }

        await DeniedAsync(actor, string.Join(" or ", permissions), cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task DeniedAsync(Actor actor, string needs, CancellationToken cancellationToken)
    {
        var request = http.HttpContext?.Request;
        await audit.WriteAsync(actor, AuditActions.Denied, $"{request?.Method} {request?.Path}{request?.QueryString}", $"needs {needs}", AuditLog.Denied, cancellationToken)
            .ConfigureAwait(false);
    }
}
