using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kdfm.Printers.Snapshot;

/// <summary>The JSON form of snapshots: camelCase, nulls written, as SNAPSHOT.md shows.</summary>
public static class SnapshotJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(IEnumerable<DeviceSnapshot> snapshots) => JsonSerializer.Serialize(snapshots, Options);

    public static string Serialize(DeviceSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Options);

    /// <summary>The same JSON on one line (uploads to the hub).</summary>
    public static string SerializeCompact(DeviceSnapshot snapshot) => JsonSerializer.Serialize(snapshot, Compact);

    private static readonly JsonSerializerOptions Compact = new(Options) { WriteIndented = false };
}
