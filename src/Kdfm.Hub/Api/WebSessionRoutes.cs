using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Kdfm.Hub.WebAccess;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Api;

/// <summary>
/// Device Web Access in the API (the portal's device page does the same through <see cref="WebSessions"/>):
/// <c>POST /api/v1/devices/{key}/web-sessions {"port":80}</c> → 201 with the session's one-time URL,
/// <c>GET /api/v1/web-sessions/{id}</c> → the session and its access log, <c>DELETE</c> → ended. Opening needs device
/// web access; a session is seen and ended by its user, or by an administrator (manage agents) of its tenant.
/// </summary>
public static class WebSessionRoutes
{
    public sealed record OpenRequest(int Port, int? Minutes);

    public sealed record SessionView(string Id, string Device, int Port, string Agent, string User, DateTimeOffset OpenedAt, DateTimeOffset ExpiresAt,
        DateTimeOffset? TunnelUpAt, DateTimeOffset? ClosedAt, string? EndReason, long Requests, long BytesOut, IReadOnlyList<RequestView>? AccessLog)
    {
        public static SessionView Of(WebSession w, IReadOnlyList<RequestView>? log = null) =>
            new(w.Id, w.DeviceKey, w.Port, w.AgentId, w.UserName, w.OpenedAt, w.ExpiresAt, w.TunnelUpAt, w.ClosedAt, w.EndReason, w.Requests, w.BytesOut, log);
    }

    public sealed record RequestView(DateTimeOffset At, string Method, string Path, int Status, long Bytes, int Milliseconds);

    public static void MapWebSessionRoutes(this WebApplication app)
    {
        string access = PermissionRequirement.PolicyName(Permission.DeviceWebAccess);
        var api = app.MapGroup(ReadApi.Prefix).RequireAuthorization(PermissionRequirement.SignedIn);
        api.MapPost("/devices/{key}/web-sessions", async (string key, string? tenant, OpenRequest request, HttpContext http, ActorAccessor actors, WebSessions sessions,
            CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var (opened, refusal) = await sessions.OpenAsync(actor, tenant, key, request.Port, request.Minutes, PublicHost(http, app.Services), ct).ConfigureAwait(false);
            return opened is null
                ? Results.Problem(title: refusal!.Message, statusCode: refusal.Status)
                : Results.Json(new { id = opened.Session.Id, url = opened.Url, expiresAt = opened.Session.ExpiresAt }, ReadApi.JsonOptions, statusCode: 201);
        }).RequireAuthorization(access);
        api.MapGet("/web-sessions/{id}", async (string id, ActorAccessor actors, WebSessions sessions, AccessLogWriter log, HubDb db, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var session = await sessions.FindAsync(actor, id, ct).ConfigureAwait(false);
            if (session is null)
            {
                return Results.Problem(title: $"no web session {id}", statusCode: 404);
            }

            await log.FlushAsync(ct).ConfigureAwait(false);
            var requests = await AccessLogAsync(db, id, 1000, ct).ConfigureAwait(false);
            return Results.Json(SessionView.Of(session, requests), ReadApi.JsonOptions);
        }).RequireAuthorization(access);
        api.MapDelete("/web-sessions/{id}", async (string id, ActorAccessor actors, WebSessions sessions, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var refusal = await sessions.CloseAsync(actor, id, ct).ConfigureAwait(false);
            return refusal is null ? Results.Json(new { id, closed = true }, ReadApi.JsonOptions) : Results.Problem(title: refusal.Message, statusCode: refusal.Status);
        }).RequireAuthorization(access);
    }

    /// <summary>The session's latest requests, newest first.</summary>
    public static async Task<IReadOnlyList<RequestView>> AccessLogAsync(HubDb db, string id, int limit, CancellationToken ct) =>
        await db.WebSessionRequests.AsNoTracking().Where(r => r.SessionId == id).OrderByDescending(r => r.Id).Take(limit)
            .Select(r => new RequestView(r.At, r.Method, r.Path, r.Status, r.Bytes, r.Milliseconds)).ToListAsync(ct).ConfigureAwait(false);

    /// <summary>The host in a session's URL: Hub:DeviceWebAccess:PublicHost, else the host the caller reached the hub by.</summary>
    public static string PublicHost(HttpContext http, IServiceProvider services)
    {
        string configured = services.GetRequiredService<HubOptions>().DeviceWebAccess.PublicHost;
        return configured.Length > 0 ? configured : http.Request.Host.Host.Contains(':', StringComparison.Ordinal) ? $"[{http.Request.Host.Host}]" : http.Request.Host.Host;
    }
}
