using System.Collections.Immutable;
using System.Text.Json;
using Kdfm.Printers.Meters;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// What the fleet pages list, search and filter on, read from one stored snapshot (SNAPSHOT.md): identity, status, how
/// many errors and alerts, the lowest supply, the page counters. Pure: JSON in, values out. Fields the device does not
/// expose stay null; a counter without a whole-number value is left out (a counter is never invented).
/// </summary>
/// <param name="UnknownFlags">Counter flags the snapshot carried that are no collector flag (the hub's own, or words it does not know): dropped, counted here.</param>
public sealed record SnapshotSummary(
    string? Vendor, string? Model, string? Serial, string? SysName, string? Location, string? Status, int ErrorCount, int AlertCount,
    int? LowestSupplyPercent, string? LowestSupply, long? TotalPages, ImmutableArray<SnapshotSummary.Counter> Counters, int UnknownFlags = 0)
{
    /// <summary>The name of the counter the devices list shows as pages (prtMarkerLifeCount, SNAPSHOT.md).</summary>
    public const string TotalCounter = "total";

    /// <summary>A counter by its current vocabulary name, with the collector's flags of its reading (comma-separated, in <see cref="MeterFlags.Collector"/>'s order; null when none).</summary>
    public readonly record struct Counter(string Name, long Value, string? Flags = null);

    /// <summary>The summary of <paramref name="json"/>; throws <see cref="JsonException"/> when it is not a JSON object.</summary>
    public static SnapshotSummary Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("a snapshot is a JSON object");
        }

        var (counters, unknownFlags) = ReadCounters(root);
        var (lowest, lowestName) = ReadLowestSupply(root);
        long? total = null;
        foreach (var counter in counters)
        {
            if (counter.Name == TotalCounter)
            {
                total = counter.Value;
            }
        }

        return new SnapshotSummary(Text(root, "vendor"), Text(root, "model"), Text(root, "serial"), Text(root, "sysName"), Text(root, "sysLocation"),
            Text(root, "status"), Count(root, "errors"), Count(root, "alerts"), lowest, lowestName, total, counters, unknownFlags);
    }

    private static (ImmutableArray<Counter> Counters, int UnknownFlags) ReadCounters(JsonElement root)
    {
        if (!root.TryGetProperty("counters", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return ([], 0);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var counters = ImmutableArray.CreateBuilder<Counter>();
        int unknown = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.Object && Text(item, "name") is { Length: > 0 } name && item.TryGetProperty("value", out var value)
                && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number) && seen.Add(MeterNames.Current(name)))
            {
                // The first of a name counts, as a reader of the JSON would take it.
                var (flags, dropped) = Flags(item);
                counters.Add(new Counter(MeterNames.Current(name), number, flags));
                unknown += dropped;
            }
        }

        return (counters.ToImmutable(), unknown);
    }

    /// <summary>
    /// A counter's "flags" (issue 14): only the flags a collector sets (<see cref="MeterFlags.Collector"/>), in that order,
    /// as one comma-separated text, or null; every other entry (the hub's own wentBackwards, a word no version wrote) is
    /// dropped and counted — a snapshot cannot make the hub distrust or trust a reading by what it claims.
    /// </summary>
    private static (string? Flags, int Dropped) Flags(JsonElement counter)
    {
        if (!counter.TryGetProperty("flags", out var flags) || flags.ValueKind != JsonValueKind.Array)
        {
            return (null, 0);
        }

        var set = new HashSet<string>(StringComparer.Ordinal);
        int dropped = 0;
        foreach (var flag in flags.EnumerateArray())
        {
            if (flag.ValueKind == JsonValueKind.String && flag.GetString() is { } word && MeterFlags.IsCollector(word))
            {
                set.Add(word);
            }
            else
            {
                dropped++;
            }
        }

        var known = MeterFlags.Collector.Where(set.Contains).ToList();
        return (known.Count == 0 ? null : string.Join(',', known), dropped);
    }

    /// <summary>The supply with the lowest percent (SNAPSHOT.md: null when level or capacity is unknown) and its description or colour.</summary>
    private static (int? Percent, string? Name) ReadLowestSupply(JsonElement root)
    {
        if (!root.TryGetProperty("supplies", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return (null, null);
        }

        (int? Percent, string? Name) lowest = (null, null);
        foreach (var supply in list.EnumerateArray())
        {
            if (supply.ValueKind == JsonValueKind.Object && supply.TryGetProperty("percent", out var percent) && percent.ValueKind == JsonValueKind.Number
                && percent.TryGetInt32(out int value) && (lowest.Percent is null || value < lowest.Percent))
            {
                lowest = (value, Text(supply, "description") ?? Text(supply, "color") ?? Text(supply, "kind"));
            }
        }

        return lowest;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    private static int Count(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;
}
