using System.Security.Claims;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Sso;

/// <summary>
/// What a tenant's identity provider returned becomes a portal session: the user is the tenant's user with that e-mail
/// (the e-mail claim, else preferred_username). No user is made: an administrator adds them first (the role is theirs to
/// choose). Then the tenant's rules as for any sign-in: a disabled account is refused, a second factor is asked if the
/// user has one. Audited.
/// </summary>
public sealed class SsoSignIn(HubDb db, PortalSignInManager signIns, SignInService signIn, AuditLog audit)
{
    /// <summary>Where the browser goes after the provider: a same-site page that leads on (the session cookie is SameSite=Strict).</summary>
    public const string ContinuePath = "/sign-in/continue";

    public async Task SignInAsync(TicketReceivedContext context, int tenantId)
    {
        context.HandleResponse(); // no cookie of the provider's identity: the portal's session, or nothing
        string? email = context.Principal?.FindFirstValue("email") ?? context.Principal?.FindFirstValue("preferred_username");
        var tenant = await db.Tenants.AsNoTracking().FirstAsync(t => t.Id == tenantId, context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (string.Equals(context.Principal?.FindFirstValue("email_verified"), "false", StringComparison.OrdinalIgnoreCase))
        {
            // A provider that lets its users set any address says so: such an address names no one here.
            await audit.WriteAsync(email ?? "?", tenantId, AuditActions.SignInFailed, email ?? string.Empty, $"single sign-on of {tenant.Name}: the provider says this e-mail is not verified",
                AuditLog.Denied, context.HttpContext.RequestAborted).ConfigureAwait(false);
            context.Response.Redirect("/sign-in?done=sso-unknown");
            return;
        }

        var user = email is null ? null
            : await db.Users.FirstOrDefaultAsync(u => u.TenantId == tenantId && u.NormalizedEmail == email.ToUpperInvariant(), context.HttpContext.RequestAborted).ConfigureAwait(false);
        if (user is null)
        {
            await audit.WriteAsync(email ?? "?", tenantId, AuditActions.SignInFailed, email ?? string.Empty, $"single sign-on of {tenant.Name}: no user of {tenant.Name} has this e-mail",
                AuditLog.Denied, context.HttpContext.RequestAborted).ConfigureAwait(false);
            context.Response.Redirect("/sign-in?done=sso-unknown");
            return;
        }

        if (user.DisabledAt is not null || await signIns.UserManager.IsLockedOutAsync(user).ConfigureAwait(false))
        {
            await audit.WriteAsync(user.Email!, tenantId, AuditActions.SignInFailed, user.Email!, user.DisabledAt is not null ? $"single sign-on: account disabled ({user.DisabledReason})" : "single sign-on: account locked for now", AuditLog.Denied,
                context.HttpContext.RequestAborted).ConfigureAwait(false);
            context.Response.Redirect("/sign-in?done=disabled");
            return;
        }

        var result = await signIns.SignInCheckedElsewhereAsync(user).ConfigureAwait(false);
        if (result.RequiresTwoFactor)
        {
            context.Response.Redirect(ContinuePath + "?next=second-factor");
            return;
        }

        await signIn.SignedInAsync(user, $"single sign-on of {tenant.Name}", context.HttpContext.RequestAborted).ConfigureAwait(false);
        context.Response.Redirect(ContinuePath);
    }

    public async Task FailedAsync(RemoteFailureContext context, int tenantId)
    {
        context.HandleResponse();
        await audit.WriteAsync("?", tenantId, AuditActions.SignInFailed, string.Empty, $"single sign-on failed: {context.Failure?.Message}", AuditLog.Failed,
            context.HttpContext.RequestAborted).ConfigureAwait(false);
        context.Response.Redirect("/sign-in?done=sso-failed");
    }

    /// <summary>The tenant of this name, if it has single sign-on (the sign-in page offers it only to who names the tenant).</summary>
    public async Task<Tenant?> TenantAsync(string name, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.AsNoTracking().FirstOrDefaultAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false);
        return tenant is not null && TenantSso.IsConfigured(tenant) ? tenant : null;
    }
}
