using System.Collections.Immutable;
using System.Globalization;
using Kdfm.Printers.Meters;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// How a dealer bills pages (issue 14): named meters, each the sum of counters of the meter vocabulary (or vendor:…
/// counters), written one a line or ';'-separated — "black = mono; colour = color", "A4 mono = print.mono + copy.mono".
/// Kept as text on the tenant (<see cref="Storage.Tenant.MeterDefinition"/>); the nearest tenant above a device with one
/// decides. Pure.
/// </summary>
public sealed record MeterDefinition(ImmutableArray<MeterDefinition.Meter> Meters)
{
    /// <summary>The whole text, in characters (32 meters of a few counters each fit with room to spare).</summary>
    public const int MaxTextChars = 4096;

    public const int MaxMeters = 32;

    /// <summary>Counters one meter adds (a meter of every vocabulary name has 17; no bill adds more than a few).</summary>
    public const int MaxCounters = 16;

    public const int MaxNameLength = 64;

    /// <summary>A counter's name: as long as a snapshot lets a counter name be (<see cref="SnapshotLimits.TextChars"/>).</summary>
    public const int MaxCounterLength = SnapshotLimits.TextChars;

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
        text ??= "";
        if (text.Length > MaxTextChars)
        {
            return new Parsed(null, new Problem(0, $"longer than {MaxTextChars} characters"));
        }

        // Line breaks separate meters (a browser sends CR LF); any other control or format character (a bidi override
        // that makes a name read differently than it is stored) is refused, never stored.
        int bad = FirstForbidden(text);
        if (bad >= 0)
        {
            return new Parsed(null, new Problem(0, $"character {bad + 1} is a control character (U+{(int)text[bad]:X4}): write names and counters as plain text"));
        }

        var entries = text.Split([';', '\n', '\r'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
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
            if (counters.Length > MaxCounters)
            {
                return new Parsed(null, new Problem(i + 1, $"'{name}' adds more than {MaxCounters} counters"));
            }

            if (counters.FirstOrDefault(c => c.Length > MaxCounterLength) is not null)
            {
                return new Parsed(null, new Problem(i + 1, $"a counter in '{name}' is longer than {MaxCounterLength} characters"));
            }

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

    /// <summary>The index of the first control or format character other than CR and LF, or -1.</summary>
    private static int FirstForbidden(string text)
    {
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] is not ('\r' or '\n') && char.GetUnicodeCategory(text[i]) is UnicodeCategory.Control or UnicodeCategory.Format)
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsCounter(string name) =>
        MeterNames.IsVocabulary(name) || (name.StartsWith(MeterNames.VendorPrefix, StringComparison.Ordinal) && name.Length > MeterNames.VendorPrefix.Length);
}
