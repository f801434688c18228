using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Where a tenant (or one above it) requires two-factor sign-in, a signed-in user without it reaches only the enrolment
/// page (and signing out) until they have enrolled: every other page redirects there, the API answers 403. One rule for
/// every page, after authentication.
/// </summary>
public static class TwoFactorGate
{
    public const string EnrolmentPath = "/account/two-factor";

    private static readonly string[] Open = [EnrolmentPath, "/sign-out", "/sign-in", "/status"];

    public static IApplicationBuilder UseRequiredTwoFactor(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.User.Identity?.IsAuthenticated == true && !Open.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))
            && await MustEnrolAsync(context).ConfigureAwait(false))
        {
            if (context.Request.Path.StartsWithSegments(Api.ReadApi.Prefix, StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
            }
            else
            {
                context.Response.Redirect(EnrolmentPath);
            }

            return;
        }

        await next(context).ConfigureAwait(false);
    });

    /// <summary>A portal session (not an API token) of a user without a second factor, in a tenant that requires one.</summary>
    private static async Task<bool> MustEnrolAsync(HttpContext context)
    {
        var db = context.RequestServices.GetRequiredService<HubDb>();
        // Most hubs have no tenant that requires it: one small query, and nothing more.
        if (!await db.Tenants.AsNoTracking().AnyAsync(t => t.RequireTwoFactor, context.RequestAborted).ConfigureAwait(false))
        {
            return false;
        }

        var actor = await context.RequestServices.GetRequiredService<ActorAccessor>().GetAsync(context.RequestAborted).ConfigureAwait(false);
        if (actor is not { Kind: Actor.UserKind, UserId: { } userId, TenantId: { } tenantId })
        {
            return false;
        }

        bool enrolled = await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => u.TwoFactorEnabled).FirstOrDefaultAsync(context.RequestAborted).ConfigureAwait(false);
        return !enrolled && await context.RequestServices.GetRequiredService<TwoFactor>().RequiredByAsync(tenantId, context.RequestAborted).ConfigureAwait(false) is not null;
    }
}
