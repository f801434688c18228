using System.Text;
using System.Text.Json;

namespace Kdfm.Hub.Api;

/// <summary>
/// Stored snapshots as the API answers them: JSON as the agent sent it with the hub's <c>tenant</c> added first, or CSV
/// (<see cref="SnapshotRow"/>). A damaged stored snapshot never fails an export: it is answered with what can be read and
/// the problem (<c>error</c>), and logged.
/// </summary>
public static class SnapshotExport
{
    public static IResult Many(HttpContext http, IEnumerable<StoredSnapshot> snapshots, ILogger logger)
    {
        if (CsvTable.Wanted(http))
        {
            return CsvTable.Result(SnapshotRow.Header, snapshots.Select(s => Row(s, logger)));
        }

        var json = new StringBuilder("[");
        foreach (var snapshot in snapshots)
        {
            json.Append(json.Length > 1 ? "," : "").Append(Json(snapshot, logger));
        }

        return Results.Text(json.Append(']').ToString(), "application/json");
    }

    public static IResult One(HttpContext http, StoredSnapshot snapshot, ILogger logger) =>
        CsvTable.Wanted(http) ? CsvTable.Result(SnapshotRow.Header, [Row(snapshot, logger)]) : Results.Text(Json(snapshot, logger), "application/json");

    private static CsvCell[] Row(StoredSnapshot snapshot, ILogger logger)
    {
        var (cells, problem) = SnapshotRow.Read(snapshot);
        if (problem is not null)
        {
            LogDamaged(logger, snapshot, problem);
        }

        return cells;
    }

    /// <summary>The stored object with <c>"tenant"</c> first (the ingest refuses snapshots that name one themselves).</summary>
    private static string Json(StoredSnapshot snapshot, ILogger logger)
    {
        string? problem = NotAnObject(snapshot.Json);
        if (problem is not null)
        {
            LogDamaged(logger, snapshot, problem);
            return JsonSerializer.Serialize(new { tenant = snapshot.Tenant, key = snapshot.Key, error = problem });
        }

        int brace = snapshot.Json.IndexOf('{', StringComparison.Ordinal);
        bool empty = snapshot.Json.AsSpan(brace + 1).TrimStart().StartsWith("}", StringComparison.Ordinal);
        return new StringBuilder(snapshot.Json.Length + snapshot.Tenant.Length + 16).Append('{').Append("\"tenant\":").Append(JsonSerializer.Serialize(snapshot.Tenant))
            .Append(empty ? "" : ",").Append(snapshot.Json, brace + 1, snapshot.Json.Length - brace - 1).ToString();
    }

    /// <summary>Null for one well-formed JSON object; else what is wrong (one forward-only pass, no DOM).</summary>
    private static string? NotAnObject(string json)
    {
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return $"the stored snapshot is a JSON {reader.TokenType}, not an object";
            }

            reader.Skip();
            return reader.Read() ? "the stored snapshot has more after its object" : null;
        }
        catch (JsonException e)
        {
            return $"the stored snapshot is not JSON: {e.Message}";
        }
    }

    private static void LogDamaged(ILogger logger, StoredSnapshot snapshot, string problem) =>
        logger.LogWarning("Device {Tenant}/{Key}: the stored snapshot of reading {ReadingId} is damaged ({Problem}); exported with what could be read",
            snapshot.Tenant, snapshot.Key, snapshot.ReadingId, problem);
}
