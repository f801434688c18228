using System.Text.Json;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers.Tests;

/// <summary>
/// Scores snapshots against what other projects' own tests expect of the same recorded walks
/// (../shared/corpus/expected): one hit or miss per checked value, grouped by field.
/// </summary>
internal sealed class CorpusScore
{
    private readonly Dictionary<string, (int Hits, int Total)> _fields = [];

    public List<string> Misses { get; } = [];

    public IReadOnlyDictionary<string, (int Hits, int Total)> Fields => _fields;

    public void Check(string field, string device, bool hit, string detail)
    {
        var (hits, total) = _fields.GetValueOrDefault(field);
        _fields[field] = (hits + (hit ? 1 : 0), total + 1);
        if (!hit)
        {
            Misses.Add($"{field} {device}: {detail}");
        }
    }

    /// <summary>The share of hits; 0 when nothing was scored, so a floor cannot pass on a field that was never checked.</summary>
    public double Rate(string field) => _fields.TryGetValue(field, out var f) && f.Total > 0 ? (double)f.Hits / f.Total : 0;

    /// <summary>How many values of <paramref name="field"/> were checked.</summary>
    public int Scored(string field) => _fields.TryGetValue(field, out var f) ? f.Total : 0;

    /// <summary>Why <paramref name="field"/> misses its floor (too few values checked, or too few right), or null when it meets it.</summary>
    public string? Shortfall(string field, double floor, int minScored) =>
        Scored(field) < minScored ? $"{field}: {Scored(field)} values scored, fewer than the {minScored} the corpus holds"
        : Rate(field) < floor ? $"{field}: {Rate(field):P1} < {floor:P0}"
        : null;

    public string Table() => string.Join("\n", _fields.OrderBy(f => f.Key).Select(f => $"{f.Key,-24} {f.Value.Hits,4}/{f.Value.Total,-4} {100.0 * f.Value.Hits / f.Value.Total,6:F1}%"));

    private static string Norm(string? text) => DeviceIdentity.NormalizeModel(text ?? string.Empty).Trim().ToUpperInvariant();

    public void Score(string device, JsonElement expected, DeviceSnapshot actual)
    {
        string level = expected.GetProperty("expectation_level").GetString()!;
        if (expected.TryGetProperty("vendor", out var vendor) && vendor.ValueKind == JsonValueKind.String)
        {
            Check("vendor", device, string.Equals(vendor.GetString(), actual.Vendor, StringComparison.OrdinalIgnoreCase), $"expected {vendor}, got {actual.Vendor}");
        }

        if (expected.TryGetProperty("model", out var model) && model.ValueKind == JsonValueKind.String)
        {
            Check("model", device, Norm(model.GetString()) == Norm(actual.Model), $"expected '{model}', got '{actual.Model}'");
        }

        if (expected.TryGetProperty("serial", out var serial) && serial.ValueKind == JsonValueKind.String)
        {
            Check("serial", device, string.Equals(serial.GetString()!.Trim(), actual.Serial, StringComparison.OrdinalIgnoreCase), $"expected '{serial}', got '{actual.Serial}'");
        }

        if (expected.TryGetProperty("firmware", out var firmware) && firmware.ValueKind == JsonValueKind.String)
        {
            string want = firmware.GetString()!.Trim('\u0001', '\u0015', ' ');
            Check("firmware", device, string.Equals(want, actual.Firmware, StringComparison.OrdinalIgnoreCase), $"expected '{want}', got '{actual.Firmware}'");
        }

        if (level == "modules")
        {
            ScoreLibreNms(device, expected, actual);
        }
        else if (level == "library-output-snapshot")
        {
            ScoreBrother(device, expected, actual);
        }
    }

    private void ScoreLibreNms(string device, JsonElement expected, DeviceSnapshot actual)
    {
        if (expected.TryGetProperty("supplies", out var supplies) && supplies.ValueKind == JsonValueKind.Array)
        {
            foreach (var supply in supplies.EnumerateArray())
            {
                if (!supply.TryGetProperty("level_oid", out var levelOid) || !levelOid.GetString()!.Contains(".43.11.1.1.9.", StringComparison.Ordinal))
                {
                    continue; // trays and private tables are checked elsewhere
                }

                string oid = levelOid.GetString()!.TrimStart('.');
                var raw = supply.GetProperty("raw_from_walk");
                var ours = actual.Supplies.FirstOrDefault(s => s.Oid == oid);
                Check("supply.level", device, ours is not null && raw.TryGetProperty("level", out var l) && l.GetString() == ours.Level?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{oid}: expected {raw}, got {ours?.Level}");
                Check("supply.capacity", device, ours is not null && raw.TryGetProperty("max_capacity", out var c) && c.GetString() == ours.Capacity?.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    $"{oid}: expected {raw}, got {ours?.Capacity}");
            }
        }

        if (expected.TryGetProperty("page_counters", out var counters) && counters.ValueKind == JsonValueKind.Array)
        {
            foreach (var counter in counters.EnumerateArray())
            {
                string oid = counter.GetProperty("oid").GetString()!.TrimStart('.');
                long value = counter.GetProperty("value").GetInt64();
                Check("counter", device, actual.Counters.Any(c => c.Oid == oid && c.Value == value), $"{oid} = {value} ({counter.GetProperty("description")})");
            }
        }
    }

    private static readonly Dictionary<string, string> BrotherCounters = new()
    {
        ["page_counter"] = "total",
        ["bw_counter"] = "mono",
        ["color_counter"] = "color",
        ["duplex_unit_pages_counter"] = "duplex",
    };

    private void ScoreBrother(string device, JsonElement expected, DeviceSnapshot actual)
    {
        if (expected.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String)
        {
            Check("brother.status", device, actual.Display.Length > 0 && string.Equals(actual.Display[0], status.GetString(), StringComparison.OrdinalIgnoreCase),
                $"expected '{status}', got '{(actual.Display.Length > 0 ? actual.Display[0] : null)}'");
        }

        if (expected.TryGetProperty("page_counters", out var counters))
        {
            foreach (var counter in counters.EnumerateObject())
            {
                if (BrotherCounters.TryGetValue(counter.Name, out var name))
                {
                    // The blob's page counter is named total unless the Printer MIB's total already holds that name
                    // (one name, one counter): then it is the vendor counter of its word (blob 10, id 00).
                    string blobName = name == "total" ? "vendor:brother.10.00" : name;
                    Check("brother.counter", device, actual.Counters.Any(c => (c.Name == name || c.Name == blobName) && c.Value == counter.Value.GetInt64()),
                        $"{counter.Name} = {counter.Value}");
                }
            }
        }

        if (expected.TryGetProperty("supplies", out var supplies))
        {
            foreach (var supply in supplies.EnumerateObject())
            {
                string key = supply.Name;
                string? description = key switch
                {
                    _ when key.EndsWith("_toner_remaining", StringComparison.Ordinal) || key.EndsWith("_ink_remaining", StringComparison.Ordinal) =>
                        char.ToUpperInvariant(key[0]) + key[1..key.IndexOf('_', StringComparison.Ordinal)],
                    "belt_unit_remaining_life" => "Belt unit remaining life",
                    "fuser_remaining_life" => "Fuser remaining life",
                    "drum_remaining_life" => "Drum remaining life",
                    "laser_remaining_life" => "Laser unit remaining life",
                    "pf_kit_1_remaining_life" => "Paper feed kit 1 remaining life",
                    "pf_kit_mp_remaining_life" => "Paper feed kit MP remaining life",
                    _ => null,
                };
                if (description is null)
                {
                    continue;
                }

                long want = supply.Value.GetInt64();
                Check("brother.remaining", device,
                    actual.Supplies.Any(s => s.Description is { } d && d.StartsWith(description, StringComparison.Ordinal) && s.Percent == want), $"{key} = {want}");
            }
        }
    }
}
