using System.Text.Json;

namespace Kdfm.Hub.Api;

/// <summary>
/// One CSV line of a stored snapshot. Reads what it can: a snapshot that is not JSON, or JSON of another shape than
/// SNAPSHOT.md's, gives the cells it can read (tenant and key always, from the hub's own index) and the problem in the
/// <c>error</c> column; it never throws.
/// </summary>
public static class SnapshotRow
{
    public static readonly string[] Header =
        ["key", "address", "collectedAt", "vendor", "model", "serial", "status", "totalPages", "lowestSupplyPercent", "tenant", "sysName", "sysLocation", "error"];

    /// <summary>The line's cells and the problems met (null when none).</summary>
    public static (CsvCell[] Cells, string? Problem) Read(StoredSnapshot snapshot)
    {
        var problems = new List<string>();
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(snapshot.Json);
        }
        catch (JsonException e)
        {
            problems.Add($"the stored snapshot is not JSON: {e.Message}");
            return (Cells(snapshot, [], problems), string.Join("; ", problems));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"the stored snapshot is a JSON {root.ValueKind}, not an object");
                return (Cells(snapshot, [], problems), string.Join("; ", problems));
            }

            if (root.TryGetProperty("key", out var key) && !(key.ValueKind == JsonValueKind.String && TextOf(key) == snapshot.Key))
            {
                problems.Add($"its key ({key.ValueKind}) is not the device's");
            }

            CsvCell Text(string name)
            {
                if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
                {
                    return CsvCell.Text(string.Empty);
                }

                if (value.ValueKind == JsonValueKind.String)
                {
                    if (TextOf(value) is { } text)
                    {
                        return CsvCell.Text(text);
                    }

                    problems.Add($"{name} has a \\u escape that is not text (a lone surrogate)");
                    return CsvCell.Text(string.Empty);
                }

                problems.Add($"{name} is a JSON {value.ValueKind}, not text");
                return CsvCell.Text(string.Empty);
            }

            CsvCell[] read = [Text("address"), Text("collectedAt"), Text("vendor"), Text("model"), Text("serial"), Text("status"), TotalPages(root, problems),
                LowestSupplyPercent(root, problems), Text("sysName"), Text("sysLocation")];
            return (Cells(snapshot, read, problems), problems.Count == 0 ? null : string.Join("; ", problems));
        }
    }

    /// <summary>
    /// A string's text, or null when its escapes do not make text: System.Text.Json throws InvalidOperationException (not
    /// JsonException) for a lone surrogate such as "\udc00". The ingest refuses such snapshots; older rows may hold them.
    /// </summary>
    private static string? TextOf(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>In <see cref="Header"/>'s order; <paramref name="read"/> holds the ten cells from the snapshot, or none.</summary>
    private static CsvCell[] Cells(StoredSnapshot snapshot, CsvCell[] read, List<string> problems)
    {
        var empty = CsvCell.Text(string.Empty);
        CsvCell At(int i) => read.Length > i ? read[i] : empty;
        return [CsvCell.Text(snapshot.Key), At(0), At(1), At(2), At(3), At(4), At(5), At(6), At(7), CsvCell.Text(snapshot.Tenant), At(8), At(9),
            CsvCell.Text(string.Join("; ", problems))];
    }

    /// <summary>The <c>total</c> counter's value, as the number the device gave.</summary>
    private static CsvCell TotalPages(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("counters", out var counters) || counters.ValueKind == JsonValueKind.Null)
        {
            return CsvCell.Text(string.Empty);
        }

        if (counters.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"counters is a JSON {counters.ValueKind}, not a list");
            return CsvCell.Text(string.Empty);
        }

        foreach (var counter in counters.EnumerateArray())
        {
            if (counter.ValueKind == JsonValueKind.Object && counter.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && TextOf(name) == "total")
            {
                if (counter.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Number)
                {
                    return CsvCell.Number(value.GetRawText());
                }

                problems.Add("the total counter has no number value");
                return CsvCell.Text(string.Empty);
            }
        }

        return CsvCell.Text(string.Empty);
    }

    /// <summary>The lowest <c>percent</c> over the supplies that have one, as the number the snapshot holds.</summary>
    private static CsvCell LowestSupplyPercent(JsonElement root, List<string> problems)
    {
        if (!root.TryGetProperty("supplies", out var supplies) || supplies.ValueKind == JsonValueKind.Null)
        {
            return CsvCell.Text(string.Empty);
        }

        if (supplies.ValueKind != JsonValueKind.Array)
        {
            problems.Add($"supplies is a JSON {supplies.ValueKind}, not a list");
            return CsvCell.Text(string.Empty);
        }

        string? lowest = null;
        double lowestValue = double.PositiveInfinity;
        int index = 0;
        foreach (var supply in supplies.EnumerateArray())
        {
            if (supply.ValueKind == JsonValueKind.Object && supply.TryGetProperty("percent", out var percent) && percent.ValueKind != JsonValueKind.Null)
            {
                if (percent.ValueKind != JsonValueKind.Number || !percent.TryGetDouble(out double value) || !double.IsFinite(value))
                {
                    problems.Add($"supplies[{index}].percent is not a usable number");
                }
                else if (lowest is null || value < lowestValue)
                {
                    (lowest, lowestValue) = (percent.GetRawText(), value);
                }
            }

            index++;
        }

        return lowest is null ? CsvCell.Text(string.Empty) : CsvCell.Number(lowest);
    }
}
