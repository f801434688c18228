using System.Text.Json;
using System.Text.Json.Nodes;
using Kdfm.Agent;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Api;

/// <summary>
/// The read API for scripts (until the portal exists), behind the admin token (<c>Authorization: Bearer TOKEN</c>).
/// Snapshots are returned as the agents sent them (SNAPSHOT.md) with the hub's <c>tenant</c>; <c>Accept: text/csv</c> gives one
/// line per device, reading or agent (<see cref="CsvCell"/>). Devices: <see cref="DeviceRoutes"/>.
/// </summary>
public static class ReadApi
{
    public const string Prefix = "/api/v1";

    /// <summary>Marks the read API's endpoints: the token middleware recognises them by their endpoint, whatever the path's spelling.</summary>
    private sealed class AdminTokenRequired;

    public static void MapReadApi(this WebApplication app, string adminToken)
    {
        // The token is checked before the endpoint runs, so before model binding reads a body: a stranger's POST costs no
        // parsing and is answered 401, not 400. Recognised by the endpoint (routing ignores case and a trailing slash) and,
        // for paths no endpoint matches, by the prefix (a stranger learns nothing of which routes exist).
        string tokenHash = Secrets.Hash(adminToken);
        app.Use(async (context, next) =>
        {
            bool api = context.GetEndpoint()?.Metadata.GetMetadata<AdminTokenRequired>() is not null
                || context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase);
            if (api && !HasToken(context.Request, tokenHash))
            {
                var problem = Results.Problem(title: "an admin token is needed: Authorization: Bearer TOKEN (printed by kdfm-hub at start, kept in the data directory)",
                    statusCode: StatusCodes.Status401Unauthorized);
                await problem.ExecuteAsync(context).ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        var api = app.MapGroup(Prefix).WithMetadata(new AdminTokenRequired());
        api.MapDeviceRoutes();
        api.MapGet("/readings/stats", async (HubDb db, CancellationToken ct) =>
        {
            long total = await db.Readings.LongCountAsync(ct).ConfigureAwait(false);
            long distinct = await db.Readings.Select(r => new { r.AgentId, r.Sequence }).Distinct().LongCountAsync(ct).ConfigureAwait(false);
            return Results.Json(new { readings = total, distinctAgentSequences = distinct, devices = await db.Devices.CountAsync(ct).ConfigureAwait(false) });
        });
        api.MapGet("/agents", async (HttpContext http, HubDb db, HubOptions options, CancellationToken ct) =>
        {
            var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct).ConfigureAwait(false);
            var agents = await db.Agents.AsNoTracking().OrderBy(a => a.ActivatedAt).ToListAsync(ct).ConfigureAwait(false);
            var rows = agents.Select(a => AgentView.Of(a, tenants.GetValueOrDefault(a.TenantId, "?"), options.AgentQuotaMegabytes * 1024L * 1024L)).ToList();
            return CsvTable.Wanted(http) ? CsvTable.Result(AgentView.Header, rows.Select(r => r.Cells())) : Results.Json(rows, JsonOptions);
        });
        api.MapPost("/agents/{id}/tasks", async (string id, TaskRequest request, HubDb db, ITaskNotifier notifier, TimeProvider clock, CancellationToken ct) =>
        {
            if (!TaskKinds.TryParse(request.Kind, out var kind))
            {
                return Results.Problem(title: $"kind must be one of {TaskKinds.KnownNames}; got '{request.Kind}'", statusCode: 400);
            }

            if (kind == Kdfm.Agent.V1.TaskKind.SetConfig && request.Config is null)
            {
                return Results.Problem(title: $"{TaskKinds.Name(kind)} needs a config object (targets, exclusions, pollIntervalSeconds, discoveryIntervalSeconds)", statusCode: 400);
            }

            if (request.Config is not null)
            {
                try
                {
                    Google.Protobuf.JsonParser.Default.Parse<Kdfm.Agent.V1.AgentConfig>(request.Config.ToJsonString());
                }
                catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or Google.Protobuf.InvalidJsonException or FormatException)
                {
                    return Results.Problem(title: $"config: {e.Message}", statusCode: 400);
                }
            }

            var agent = await db.Agents.AsNoTracking().Where(a => a.Id == id).Select(a => new { a.Revoked }).FirstOrDefaultAsync(ct).ConfigureAwait(false);
            if (agent is null)
            {
                return Results.Problem(title: $"no agent {id}", statusCode: 404);
            }

            if (agent.Revoked)
            {
                // It will never take the task: a set-config would only keep its SNMP secrets until they expire.
                return Results.Problem(title: $"agent {id} is revoked: it takes no tasks", statusCode: StatusCodes.Status409Conflict);
            }

            var task = new AgentTask { Id = "tsk_" + Secrets.NewCode(12).ToLowerInvariant(), AgentId = id, Kind = request.Kind, CreatedAt = clock.GetUtcNow(),
                ConfigJson = request.Config?.ToJsonString() };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(ct).ConfigureAwait(false);
            await notifier.NotifyAsync(id, task.Id, ct).ConfigureAwait(false);
            return Results.Json(TaskView.Of(task), JsonOptions, statusCode: 201);
        });
        api.MapPost("/agents/{id}/revoke", async (string id, AgentRevocation revocation, CancellationToken ct) =>
            await revocation.RevokeAsync(id, ct).ConfigureAwait(false)
                ? Results.Json(new { id, revoked = true }, JsonOptions)
                : Results.Problem(title: $"no agent {id}", statusCode: 404));
        api.MapGet("/agents/{id}/tasks/{taskId}", async (string id, string taskId, HubDb db, CancellationToken ct) =>
        {
            var task = await db.Tasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId && t.AgentId == id, ct).ConfigureAwait(false);
            return task is null ? Results.Problem(title: $"no task {taskId} for agent {id}", statusCode: 404) : Results.Json(TaskView.Of(task), JsonOptions);
        });
        api.MapPost("/codes", async (CodeRequest request, Enrolment enrolment, HubOptions options, CancellationToken ct) =>
        {
            var created = await enrolment.CreateCodeAsync(string.IsNullOrWhiteSpace(request.Tenant) ? "default" : request.Tenant, TimeSpan.FromDays(options.EnrolmentCodeDays), ct)
                .ConfigureAwait(false);
            return Results.Json(created, JsonOptions, statusCode: 201);
        });
    }

    private static bool HasToken(HttpRequest request, string tokenHash)
    {
        string header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.Ordinal) && Secrets.Matches(header["Bearer ".Length..].Trim(), tokenHash);
    }

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public sealed record TaskRequest(string Kind, JsonObject? Config);

    public sealed record CodeRequest(string? Tenant);

    private sealed record TaskView(string Id, string AgentId, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, bool? Ok, string? Message)
    {
        public static TaskView Of(AgentTask t) => new(t.Id, t.AgentId, t.Kind, t.CreatedAt, t.StartedAt, t.CompletedAt, t.Ok, t.Message);
    }
}
