using System.Text.Json;
using System.Text.Json.Nodes;
using Kdfm.Hub.Access;
using Microsoft.AspNetCore.Authentication;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Api;

/// <summary>
/// The API for scripts: <c>Authorization: Bearer TOKEN</c> with a personal API token (the user's permissions, inside the
/// user's tenant subtree) or, until the first dealer admin exists, the bootstrap admin token; a signed-in portal session
/// works too. Snapshots are returned as the agents sent them (SNAPSHOT.md) with the hub's <c>tenant</c>; <c>Accept:
/// text/csv</c> gives one line per device, reading or agent (<see cref="CsvCell"/>). Devices: <see cref="DeviceRoutes"/>.
/// </summary>
public static class ReadApi
{
    public const string Prefix = "/api/v1";

    public static void MapReadApi(this WebApplication app)
    {
        // Who the caller is is decided before the endpoint runs, so before model binding reads a body: a stranger's POST
        // costs no parsing and is answered 401, not 400. Every path under the prefix, whether a route matches it or not
        // (a stranger learns nothing of which routes exist), in any spelling (routing ignores case and a trailing slash).
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase) && context.User.Identity?.IsAuthenticated != true)
            {
                string why = await WhyNotAsync(context).ConfigureAwait(false);
                await Results.Problem(title: why, statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            if (context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase) && CrossOriginWrite(context.Request))
            {
                // The portal's cookie opens the API too: a page of another origin of the site (a printer's page on a Device
                // Web Access port is one) may not make the browser change anything with it.
                await Results.Problem(title: "a change through the API from another page's origin is refused (use a Bearer token, or the portal itself)",
                    statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        string fleet = PermissionRequirement.PolicyName(Permission.ViewFleet);
        string agents = PermissionRequirement.PolicyName(Permission.ManageAgents);
        var api = app.MapGroup(Prefix).RequireAuthorization(PermissionRequirement.SignedIn);
        api.MapTenantRoutes();
        api.MapDeviceRoutes();
        api.MapGet("/readings/stats", async (ActorAccessor actors, HubDb db, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var readings = db.Readings.VisibleTo(actor);
            long total = await readings.LongCountAsync(ct).ConfigureAwait(false);
            long distinct = await readings.Select(r => new { r.AgentId, r.Sequence }).Distinct().LongCountAsync(ct).ConfigureAwait(false);
            return Results.Json(new { readings = total, distinctAgentSequences = distinct, devices = await db.Devices.VisibleTo(actor).CountAsync(ct).ConfigureAwait(false) });
        }).RequireAuthorization(fleet);
        api.MapGet("/agents", async (HttpContext http, ActorAccessor actors, Portal.Fleet.AgentOverview overview, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var rows = await overview.ViewsAsync(actor, ct).ConfigureAwait(false);
            return CsvTable.Wanted(http) ? CsvTable.Result(AgentView.Header, rows.Select(r => r.Cells())) : Results.Json(rows, JsonOptions);
        }).RequireAuthorization(fleet);
        // The permission depends on the kind (a ping: device web access or manage agents), so it is checked, and a refusal
        // audited, in the handler.
        api.MapPost("/agents/{id}/tasks", async (string id, TaskRequest request, HandlerPermission permission, AgentActions agentActions, PingTasks pings,
            CancellationToken ct) =>
        {
            if (request.Kind == PingTasks.Kind)
            {
                if (await permission.RequireAnyAsync(PingTasks.Allowed, ct).ConfigureAwait(false) is not { } pinger)
                {
                    return Results.Problem(title: "a ping needs the device web access or the manage agents permission", statusCode: StatusCodes.Status403Forbidden);
                }

                var (ping, pingRefusal) = await pings.CreateAsync(pinger, id, request.Ping(), ct).ConfigureAwait(false);
                return ping is null ? Problem(pingRefusal!) : Results.Json(TaskView.Of(ping), JsonOptions, statusCode: 201);
            }

            if (await permission.RequireAsync(Permission.ManageAgents, ct).ConfigureAwait(false) is not { } actor)
            {
                return Results.Problem(title: "tasks need the manage agents permission", statusCode: StatusCodes.Status403Forbidden);
            }

            var (task, refusal) = await agentActions.CreateTaskAsync(actor, id, request.Kind, request.Config, ct).ConfigureAwait(false);
            return task is null ? Problem(refusal!) : Results.Json(TaskView.Of(task), JsonOptions, statusCode: 201);
        });
        api.MapPost("/agents/{id}/revoke", async (string id, ActorAccessor actors, AgentActions agentActions, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            return await agentActions.RevokeAsync(actor, id, ct).ConfigureAwait(false) is { } refusal ? Problem(refusal) : Results.Json(new { id, revoked = true }, JsonOptions);
        }).RequireAuthorization(agents);
        api.MapGet("/agents/{id}/tasks/{taskId}", async (string id, string taskId, ActorAccessor actors, HubDb db, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var task = await (from t in db.Tasks
                              join a in db.Agents.VisibleTo(actor) on t.AgentId equals a.Id
                              where t.Id == taskId && t.AgentId == id
                              select t).AsNoTracking().FirstOrDefaultAsync(ct).ConfigureAwait(false);
            return task is null ? Results.Problem(title: $"no task {taskId} for agent {id}", statusCode: 404) : Results.Json(TaskView.Of(task), JsonOptions);
        }).RequireAuthorization(fleet);
        api.MapPost("/codes", async (CodeRequest request, ActorAccessor actors, AgentActions agentActions, CancellationToken ct) =>
        {
            var actor = (await actors.GetAsync(ct).ConfigureAwait(false))!;
            var (created, refusal) = await agentActions.CreateCodeAsync(actor, request.Tenant, ct).ConfigureAwait(false);
            return created is null ? Problem(refusal!) : Results.Json(created, JsonOptions, statusCode: 201);
        }).RequireAuthorization(agents);
    }

    private static IResult Problem(AgentActions.Refusal refusal) => Results.Problem(title: refusal.Message, statusCode: refusal.Kind switch
    {
        AgentActions.RefusalKind.NotFound => StatusCodes.Status404NotFound,
        AgentActions.RefusalKind.Conflict => StatusCodes.Status409Conflict,
        AgentActions.RefusalKind.Forbidden => StatusCodes.Status403Forbidden,
        _ => StatusCodes.Status400BadRequest,
    });

    /// <summary>
    /// A change (not GET, HEAD or OPTIONS) authenticated by a cookie, that the browser says comes from another origin: its
    /// Origin is not the hub's own, or Sec-Fetch-Site is neither same-origin nor none. A Bearer caller is no browser page.
    /// </summary>
    public static bool CrossOriginWrite(HttpRequest request)
    {
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)
            || request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return false;
        }

        string site = request.Headers["Sec-Fetch-Site"].ToString();
        string origin = request.Headers.Origin.ToString();
        return (site.Length > 0 && site is not ("same-origin" or "none"))
            || (origin.Length > 0 && !string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Why an API caller is not authenticated: no token, or what is wrong with the one given.</summary>
    private static async Task<string> WhyNotAsync(HttpContext context)
    {
        if (!context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            return "a token is needed: Authorization: Bearer TOKEN (a personal API token: the portal's API tokens page, or kdfm-hub tokens create)";
        }

        var result = await context.AuthenticateAsync(ApiTokenHandler.SchemeName).ConfigureAwait(false);
        return result.Failure?.Message ?? "this token is not accepted";
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>A task: its kind, set-config's config, a ping's target, count, size and timeoutMs (0 = the default).</summary>
    public sealed record TaskRequest(string Kind, JsonObject? Config, string? Target = null, int Count = 0, int Size = 0, int TimeoutMs = 0)
    {
        public Kdfm.Agent.V1.PingRequest Ping() => new() { Target = Target ?? string.Empty, Count = Count, Size = Size, TimeoutMs = TimeoutMs };
    }

    public sealed record CodeRequest(string? Tenant);

    private sealed record TaskView(string Id, string AgentId, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, bool? Ok, string? Message,
        string? RequestedBy, PingView? Ping)
    {
        public static TaskView Of(AgentTask t) => new(t.Id, t.AgentId, t.Kind, t.CreatedAt, t.StartedAt, t.CompletedAt, t.Ok, t.Message, t.RequestedBy, PingView.Of(t));
    }
}
