using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Api;

/// <summary>
/// The read API for scripts (until the portal exists), behind the admin token (<c>Authorization: Bearer TOKEN</c>).
/// Snapshots are returned as the agents sent them (SNAPSHOT.md); <c>Accept: text/csv</c> gives one line per device or reading.
/// </summary>
public static class ReadApi
{
    private static readonly string[] TaskKinds = ["poll-now", "rescan", "set-config"];

    public static void MapReadApi(this WebApplication app, string adminToken)
    {
        var api = app.MapGroup("/api/v1").AddEndpointFilter(async (context, next) =>
        {
            string header = context.HttpContext.Request.Headers.Authorization.ToString();
            if (!header.StartsWith("Bearer ", StringComparison.Ordinal) || !Secrets.Matches(header["Bearer ".Length..].Trim(), Secrets.Hash(adminToken)))
            {
                return Results.Problem(title: "an admin token is needed: Authorization: Bearer TOKEN (printed by kdfm-hub at start, kept in the data directory)",
                    statusCode: StatusCodes.Status401Unauthorized);
            }

            return await next(context).ConfigureAwait(false);
        });

        api.MapGet("/devices", async (HttpContext http, HubDb db, CancellationToken ct) =>
        {
            var snapshots = await (from d in db.Devices join r in db.Readings on d.LastReadingId equals r.Id orderby d.Key select r.SnapshotJson)
                .ToListAsync(ct).ConfigureAwait(false);
            return Snapshots(http, snapshots);
        });
        api.MapGet("/devices/{key}", async (string key, HubDb db, CancellationToken ct) =>
        {
            var snapshot = await (from d in db.Devices where d.Key == key join r in db.Readings on d.LastReadingId equals r.Id select r.SnapshotJson)
                .FirstOrDefaultAsync(ct).ConfigureAwait(false);
            return snapshot is null ? Results.Problem(title: $"no device {key}", statusCode: 404) : Results.Text(snapshot, "application/json");
        });
        api.MapGet("/devices/{key}/readings", async (string key, int? limit, HttpContext http, HubDb db, CancellationToken ct) =>
        {
            int take = Math.Clamp(limit ?? 1000, 1, 100_000);
            var readings = await db.Readings.AsNoTracking().Where(r => r.DeviceKey == key).OrderByDescending(r => r.Id).Take(take)
                .Select(r => r.SnapshotJson).ToListAsync(ct).ConfigureAwait(false);
            readings.Reverse();
            return readings.Count == 0 && !await db.Devices.AnyAsync(d => d.Key == key, ct).ConfigureAwait(false)
                ? Results.Problem(title: $"no device {key}", statusCode: 404)
                : Snapshots(http, readings);
        });
        api.MapGet("/readings/stats", async (HubDb db, CancellationToken ct) =>
        {
            long total = await db.Readings.LongCountAsync(ct).ConfigureAwait(false);
            long distinct = await db.Readings.Select(r => new { r.AgentId, r.Sequence }).Distinct().LongCountAsync(ct).ConfigureAwait(false);
            return Results.Json(new { readings = total, distinctAgentSequences = distinct, devices = await db.Devices.CountAsync(ct).ConfigureAwait(false) });
        });
        api.MapGet("/agents", async (HttpContext http, HubDb db, CancellationToken ct) =>
        {
            var tenants = await db.Tenants.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct).ConfigureAwait(false);
            var agents = await db.Agents.AsNoTracking().OrderBy(a => a.ActivatedAt).ToListAsync(ct).ConfigureAwait(false);
            var rows = agents.Select(a => new AgentView(a.Id, tenants.GetValueOrDefault(a.TenantId, "?"), a.HostName, a.Version, a.ActivatedAt, a.LastSeenAt, a.Revoked,
                a.DevicesKnown, a.DevicesDown, a.OutboxPending, a.AcknowledgedSequence, a.LastError)).ToList();
            return WantsCsv(http) ? Csv(AgentView.Header, rows.Select(r => r.Cells())) : Results.Json(rows, JsonOptions);
        });
        api.MapPost("/agents/{id}/tasks", async (string id, TaskRequest request, HubDb db, ITaskNotifier notifier, TimeProvider clock, CancellationToken ct) =>
        {
            if (!TaskKinds.Contains(request.Kind))
            {
                return Results.Problem(title: $"kind must be one of {string.Join(", ", TaskKinds)}; got '{request.Kind}'", statusCode: 400);
            }

            if (request.Kind == "set-config" && request.Config is null)
            {
                return Results.Problem(title: "set-config needs a config object (targets, exclusions, pollIntervalSeconds, discoveryIntervalSeconds)", statusCode: 400);
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

            if (!await db.Agents.AnyAsync(a => a.Id == id, ct).ConfigureAwait(false))
            {
                return Results.Problem(title: $"no agent {id}", statusCode: 404);
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

    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public sealed record TaskRequest(string Kind, JsonObject? Config);

    public sealed record CodeRequest(string? Tenant);

    private sealed record AgentView(string Id, string Tenant, string HostName, string Version, DateTimeOffset ActivatedAt, DateTimeOffset? LastSeenAt, bool Revoked,
        int DevicesKnown, int DevicesDown, long OutboxPending, long AcknowledgedSequence, string LastError)
    {
        public static readonly string[] Header = ["id", "tenant", "hostName", "version", "activatedAt", "lastSeenAt", "revoked", "devicesKnown", "devicesDown", "outboxPending", "acknowledgedSequence", "lastError"];

        public string[] Cells() => [Id, Tenant, HostName, Version, ActivatedAt.ToString("O", CultureInfo.InvariantCulture), LastSeenAt?.ToString("O", CultureInfo.InvariantCulture) ?? "",
            Revoked ? "true" : "false", Num(DevicesKnown), Num(DevicesDown), Num(OutboxPending), Num(AcknowledgedSequence), LastError];
    }

    private sealed record TaskView(string Id, string AgentId, string Kind, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? CompletedAt, bool? Ok, string? Message)
    {
        public static TaskView Of(AgentTask t) => new(t.Id, t.AgentId, t.Kind, t.CreatedAt, t.StartedAt, t.CompletedAt, t.Ok, t.Message);
    }

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool WantsCsv(HttpContext http) => http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);

    private static readonly string[] SnapshotHeader = ["key", "address", "collectedAt", "vendor", "model", "serial", "status", "totalPages", "lowestSupplyPercent"];

    /// <summary>A JSON array of the stored snapshots as they are, or CSV with one line each.</summary>
    private static IResult Snapshots(HttpContext http, IEnumerable<string> snapshots)
    {
        if (WantsCsv(http))
        {
            return Csv(SnapshotHeader, snapshots.Select(SnapshotCells));
        }

        var json = new StringBuilder("[");
        foreach (string snapshot in snapshots)
        {
            json.Append(json.Length > 1 ? "," : "").Append(snapshot);
        }

        return Results.Text(json.Append(']').ToString(), "application/json");
    }

    private static string[] SnapshotCells(string snapshotJson)
    {
        using var document = JsonDocument.Parse(snapshotJson);
        var root = document.RootElement;
        string Text(string name) => root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : "";
        string total = "";
        if (root.TryGetProperty("counters", out var counters) && counters.ValueKind == JsonValueKind.Array)
        {
            total = counters.EnumerateArray().Where(c => c.TryGetProperty("name", out var n) && n.GetString() == "total")
                .Select(c => c.GetProperty("value").GetRawText()).FirstOrDefault() ?? "";
        }

        string lowest = "";
        if (root.TryGetProperty("supplies", out var supplies) && supplies.ValueKind == JsonValueKind.Array)
        {
            var percents = supplies.EnumerateArray().Where(s => s.TryGetProperty("percent", out var p) && p.ValueKind == JsonValueKind.Number).Select(s => s.GetProperty("percent").GetInt32()).ToList();
            lowest = percents.Count > 0 ? Num(percents.Min()) : "";
        }

        return [Text("key"), Text("address"), Text("collectedAt"), Text("vendor"), Text("model"), Text("serial"), Text("status"), total, lowest];
    }

    /// <summary>RFC 4180 CSV: fields with a comma, quote or line break are quoted, quotes doubled.</summary>
    private static IResult Csv(string[] header, IEnumerable<string[]> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows.Prepend(header))
        {
            csv.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        return Results.Text(csv.ToString(), "text/csv; charset=utf-8");
    }

    private static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
