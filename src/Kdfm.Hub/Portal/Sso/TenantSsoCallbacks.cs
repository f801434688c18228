using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Sso;

/// <summary>
/// Before authentication: a provider's answer on /sign-in/sso/{id}/callback finds its tenant's scheme in place, also
/// after a restart of the hub between the sign-in and the answer.
/// </summary>
public static class TenantSsoCallbacks
{
    public static IApplicationBuilder UseTenantSsoCallbacks(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var segments = context.Request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is ["sign-in", "sso", var id, "callback"] && int.TryParse(id, out int tenantId))
        {
            var tenant = await context.RequestServices.GetRequiredService<HubDb>().Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Id == tenantId, context.RequestAborted)
                .ConfigureAwait(false);
            if (tenant is not null && TenantSso.IsConfigured(tenant))
            {
                await context.RequestServices.GetRequiredService<TenantSso>().EnsureSchemeAsync(tenant).ConfigureAwait(false);
            }
        }

        await next(context).ConfigureAwait(false);
    });
}
