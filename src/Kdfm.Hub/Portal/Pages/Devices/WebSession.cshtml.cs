using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Kdfm.Hub.WebAccess;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Devices;

/// <summary>
/// One Device Web Access session: open it (from the device page), launch the printer's page in a new tab (a fresh
/// one-time link each time), see its access log, close it. Its own user sees it; an administrator (manage agents) sees
/// and closes any of the subtree. Another's session is "not found".
/// </summary>
[Authorize(Policy = FleetPolicies.ViewFleet)]
public sealed class WebSessionModel(ActorAccessor actors, WebSessions sessions, HandlerPermission permission, AccessLogWriter accessLog, HubDb db, TimeProvider clock) : PageModel
{
    public WebSession Session { get; private set; } = null!;

    public IReadOnlyList<WebSessionRoutes.RequestView> Requests { get; private set; } = [];

    public bool IsOpen { get; private set; }

    /// <summary>The device's tenant (its page's address).</summary>
    public string Tenant { get; private set; } = string.Empty;

    public bool IsOwn { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? id, CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        if (id is null || await sessions.FindAsync(actor, id, cancellationToken).ConfigureAwait(false) is not { } session)
        {
            return NotFound();
        }

        Session = session;
        Tenant = db.Tenants.Where(t => t.Id == session.TenantId).Select(t => t.Name).FirstOrDefault() ?? string.Empty;
        IsOpen = session.ClosedAt is null && session.ExpiresAt > clock.GetUtcNow();
        IsOwn = session.UserId == actor.UserId;
        await accessLog.FlushAsync(cancellationToken).ConfigureAwait(false);
        Requests = await WebSessionRoutes.AccessLogAsync(db, session.Id, 200, cancellationToken).ConfigureAwait(false);
        return Page();
    }

    /// <summary>Opens a session on the device and shows it.</summary>
    public async Task<IActionResult> OnPostOpenAsync(string tenant, string key, int port, CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.DeviceWebAccess, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        var (opened, refusal) = await sessions.OpenAsync(actor, tenant, key, port, null, WebSessionRoutes.PublicHost(HttpContext, HttpContext.RequestServices), cancellationToken)
            .ConfigureAwait(false);
        if (opened is null)
        {
            return refusal!.Status == StatusCodes.Status404NotFound ? NotFound() : StatusCode(refusal.Status, refusal.Message);
        }

        return Redirect($"/web-sessions/{opened.Session.Id}");
    }

    /// <summary>The printer's page: a fresh one-time link of the session's own user (a GET: the portal's form-action allows no other origin).</summary>
    public async Task<IActionResult> OnGetLaunchAsync(string id, CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.DeviceWebAccess, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        string? url = await sessions.NewLinkAsync(actor, id, WebSessionRoutes.PublicHost(HttpContext, HttpContext.RequestServices), cancellationToken).ConfigureAwait(false);
        return url is null ? NotFound() : Redirect(url);
    }

    public async Task<IActionResult> OnPostCloseAsync(string id, CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.DeviceWebAccess, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        var refusal = await sessions.CloseAsync(actor, id, cancellationToken).ConfigureAwait(false);
        return refusal is null ? Redirect($"/web-sessions/{id}") : NotFound();
    }
}
