using System.Collections.Immutable;
using Kdfm.Printers.Meters;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// How a dealer bills pages (issue 14): named meters, each the sum of counters of the meter vocabulary (or vendor:…
/// counters), written one a line or ';'-separated — "black = mono; colour = color", "A4 mono = print.mono + copy.mono".
/// Kept as text on the tenant (<see cref="Storage.Tenant.MeterDefinition"/>); the nearest tenant above a device with one
/// decides. Pure.
/// </summary>
public sealed record MeterDefinition(ImmutableArray<MeterDefinition.Meter> Meters)
{
    public const int MaxMeters = 32;
    public const int MaxNameLength = 64;

    /// <summary>One billed meter and the counters it adds.</summary>
    public sealed record Meter(string Name, ImmutableArray<string> Counters)
    {
        public override string ToString() => $"{Name} = {string.Join(" + ", Counters)}";
    }

    /// <summary>Why a definition was refused: the entry (1-based) and what is wrong with it.</summary>
    public sealed record Problem(int Entry, string Reason);

    /// <summary>The parsed definition, or the first problem in it.</summary>
    public sealed record Parsed(MeterDefinition? Definition, Problem? Problem);

    /// <summary>The definition written back in its normal form, one meter a line.</summary>
    public override string ToString() => string.Join('\n', Meters);

    public static Parsed Parse(string? text)
    {
        var entries = (text ?? "").Split([';', '\n'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (entries.Length == 0)
        {
            return new Parsed(null, new Problem(0, "no meter: write one as 'name = counter + counter'"));
        }

        if (entries.Length > MaxMeters)
        {
            return new Parsed(null, new Problem(MaxMeters + 1, $"more than {MaxMeters} meters"));
        }

        var meters = ImmutableArray.CreateBuilder<Meter>();
        for (int i = 0; i < entries.Length; i++)
        {
            int equals = entries[i].IndexOf('=', StringComparison.Ordinal);
            string name = equals > 0 ? entries[i][..equals].Trim() : "";
            if (name.Length is 0 or > MaxNameLength)
            {
                return new Parsed(null, new Problem(i + 1, $"'{entries[i]}' needs a name of 1 to {MaxNameLength} characters before '='"));
            }

            if (meters.Any(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return new Parsed(null, new Problem(i + 1, $"the meter '{name}' is defined twice"));
            }

            var counters = entries[i][(equals + 1)..].Split('+', StringSplitOptions.TrimEntries);
            if (counters.FirstOrDefault(c => !IsCounter(c)) is { } wrong)
            {
                return new Parsed(null, new Problem(i + 1, $"'{wrong}' in '{name}' is no counter: use {string.Join(", ", MeterNames.All)} or vendor:<name>"));
            }

            if (counters.Distinct(StringComparer.Ordinal).Count() != counters.Length)
            {
                return new Parsed(null, new Problem(i + 1, $"'{name}' adds a counter twice"));
            }

            meters.Add(new Meter(name, [.. counters]));
        }

        return new Parsed(new MeterDefinition(meters.ToImmutable()), null);
    }

    private static bool IsCounter(string name) =>
        MeterNames.IsVocabulary(name) || (name.StartsWith(MeterNames.VendorPrefix, StringComparison.Ordinal) && name.Length > MeterNames.VendorPrefix.Length);
}
