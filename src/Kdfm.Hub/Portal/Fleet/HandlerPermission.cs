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

        var request = http.HttpContext?.Request;
        await audit.WriteAsync(actor, AuditActions.Denied, $"{request?.Method} {request?.Path}{request?.QueryString}", $"needs {permission}", AuditLog.Denied, cancellationToken)
            .ConfigureAwait(false);
        return null;
    }
}
