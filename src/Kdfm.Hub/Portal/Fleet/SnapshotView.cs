using System.Collections.Immutable;
using System.Text.Json;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>What the device page shows of the latest snapshot (SNAPSHOT.md): identity, status, errors, alerts, supplies. Pure.</summary>
public sealed record SnapshotView(
    string? SysDescr, string? Firmware, string? Mac, string? Contact, long? UptimeSeconds, string? Status, ImmutableArray<string> Errors,
    ImmutableArray<SnapshotView.Alert> Alerts, ImmutableArray<SnapshotView.Supply> Supplies)
{
    /// <summary>In a reading of a device that stopped answering: what the collector's automatic ping found (<see cref="FleetStatus.PingReplied"/>…).</summary>
    public string? Ping { get; init; }

    public sealed record Alert(string? Severity, string? Group, string? Code, string? Description);

    /// <param name="Percent">SNAPSHOT.md: level × 100 / capacity when both are known, else null.</param>
    /// <param name="State">ok, low, empty, someRemaining, unknown, other.</param>
    public sealed record Supply(string Name, string? Kind, string? Color, long? Level, long? Capacity, int? Percent, string? State);

    /// <summary>The view of <paramref name="json"/>; throws <see cref="JsonException"/> when it is not JSON.</summary>
    public static SnapshotView Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new SnapshotView(Text(root, "sysDescr"), Text(root, "firmware"), Text(root, "mac"), Text(root, "sysContact"), Number(root, "uptimeSeconds"),
            Text(root, "status"),
            [.. Items(root, "errors").Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            [.. Items(root, "alerts").Where(a => a.ValueKind == JsonValueKind.Object)
                .Select(a => new Alert(Text(a, "severity"), Text(a, "group"), Text(a, "code"), Text(a, "description")))],
            [.. Items(root, "supplies").Where(s => s.ValueKind == JsonValueKind.Object)
                .Select(s => new Supply(Text(s, "description") ?? Text(s, "color") ?? Text(s, "kind") ?? "supply", Text(s, "kind"), Text(s, "color"), Number(s, "level"),
                    Number(s, "capacity"), Number(s, "percent") is { } p ? (int)Math.Clamp(p, 0, 100) : null, Text(s, "state")))])
        {
            Ping = Text(root, "ping"),
        };
    }

    private static IEnumerable<JsonElement> Items(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array ? list.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } text ? text : null;

    private static long? Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            && value.TryGetInt64(out long number) ? number : null;
}
