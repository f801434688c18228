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
    /// <summary>
    /// Many snapshots, streamed: each is written as <paramref name="snapshots"/> gives it, and the response goes out as its
    /// buffer fills, so an export of any size holds one row and one buffer in memory.
    /// </summary>
    public static IResult Many(HttpContext http, IAsyncEnumerable<StoredSnapshot> snapshots, ILogger logger) =>
        CsvTable.Wanted(http)
            ? Results.Stream(body => WriteCsvAsync(body, snapshots, logger, http.RequestAborted), CsvTable.ContentType)
            : Results.Stream(body => WriteJsonAsync(body, snapshots, logger, http.RequestAborted), "application/json");

    public static IResult One(HttpContext http, StoredSnapshot snapshot, ILogger logger) =>
        CsvTable.Wanted(http) ? CsvTable.Result(SnapshotRow.Header, [Row(snapshot, logger)]) : Results.Text(Json(snapshot, logger), "application/json");

    /// <summary>A CSV table (<see cref="CsvTable"/>), one line per snapshot.</summary>
    public static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<StoredSnapshot> snapshots, ILogger logger, CancellationToken cancellationToken)
    {
        await using var writer = Writer(body);
        await writer.WriteAsync(CsvTable.Line(SnapshotRow.Header.Select(CsvCell.Text))).ConfigureAwait(false);
        await foreach (var snapshot in snapshots.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            await writer.WriteAsync(CsvTable.Line(Row(snapshot, logger))).ConfigureAwait(false);
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A JSON array of the stored objects, each with its tenant.</summary>
    public static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<StoredSnapshot> snapshots, ILogger logger, CancellationToken cancellationToken)
    {
        await using var writer = Writer(body);
        await writer.WriteAsync('[').ConfigureAwait(false);
        bool first = true;
        await foreach (var snapshot in snapshots.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (!first)
            {
                await writer.WriteAsync(',').ConfigureAwait(false);
            }

            first = false;
            await writer.WriteAsync(Json(snapshot, logger)).ConfigureAwait(false);
        }

        await writer.WriteAsync(']').ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>UTF-8 without a byte order mark; the buffer goes to the body (asynchronously) each time it fills.</summary>
    private static StreamWriter Writer(Stream body) => new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true);

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
            Security.UntrustedText.Shown(snapshot.Tenant), Security.UntrustedText.Shown(snapshot.Key, 256), snapshot.ReadingId, problem);
}
