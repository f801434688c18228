using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Kdfm.Hub.Access;

/// <summary>
/// Every refusal for want of a permission is audited (who, which permission, which page or route, from where) before the
/// usual answer: 403, or for the portal the "not allowed" page.
/// </summary>
public sealed class AuditedAuthorization(IServiceScopeFactory scopes) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
        {
            var actor = await context.RequestServices.GetRequiredService<ActorAccessor>().GetAsync(context.RequestAborted).ConfigureAwait(false);
            if (actor is not null)
            {
                string wanted = string.Join(", ", policy.Requirements.OfType<PermissionRequirement>().Select(r => r.Permission));
                using var scope = scopes.CreateScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
                await audit.WriteAsync(actor, AuditActions.Denied, $"{context.Request.Method} {context.Request.Path}", $"needs {wanted}", AuditLog.Denied, context.RequestAborted)
                    .ConfigureAwait(false);
            }
        }

        await _default.HandleAsync(next, context, policy, authorizeResult).ConfigureAwait(false);
    }
}
