using Microsoft.AspNetCore.Authorization;

namespace Kdfm.Hub.Access;

/// <summary>Grants a <see cref="PermissionRequirement"/> when the request's actor holds the permission.</summary>
public sealed class PermissionHandler(ActorAccessor actors) : AuthorizationHandler<PermissionRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, PermissionRequirement requirement)
    {
        var actor = await actors.GetAsync().ConfigureAwait(false);
        if (actor is not null && actor.Can(requirement.Permission))
        {
            context.Succeed(requirement);
        }
    }
}
