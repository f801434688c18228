using System.Collections.Immutable;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers.Meters;

/// <summary>
/// The checks one reading allows on its own (issue 14): a function or colour counter larger than the total it belongs to,
/// a colour counter on a monochrome device. The check across readings (a counter going backwards) needs the readings
/// before and is the hub's. Flags are added, never values changed or counters dropped.
/// </summary>
public static class MeterChecks
{
    /// <summary>The counters with their flags; <paramref name="monochrome"/> null when the device does not say.</summary>
    public static ImmutableArray<Counter> Flag(IReadOnlyList<Counter> counters, bool? monochrome)
    {
        var byName = counters.Where(c => MeterNames.IsVocabulary(c.Name)).GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var flagged = ImmutableArray.CreateBuilder<Counter>(counters.Count);
        foreach (var counter in counters)
        {
            var flags = new List<string>();
            if (MeterNames.IsVocabulary(counter.Name) && Bounds(counter.Name).Any(b => byName.TryGetValue(b, out var bound) && Exceeds(counter, bound)))
            {
                flags.Add(MeterFlags.ExceedsTotal);
            }

            if (monochrome == true && MeterNames.IsColor(counter.Name) && counter.Value > 0)
            {
                flags.Add(MeterFlags.ColorOnMono);
            }

            flagged.Add(flags.Count == 0 ? counter : counter with { Flags = [.. counter.Flags ?? [], .. flags] });
        }

        return flagged.MoveToImmutable();
    }

    /// <summary>The totals a counter is part of: the device's total, and its function's total for print.* and copy.*.</summary>
    private static IEnumerable<string> Bounds(string name)
    {
        if (name == MeterNames.Total || MeterNames.IsScan(name))
        {
            yield break; // scans count originals, not printed pages
        }

        yield return MeterNames.Total;
        if (name is MeterNames.PrintMono or MeterNames.PrintColor)
        {
            yield return MeterNames.PrintTotal;
        }
        else if (name is MeterNames.CopyMono or MeterNames.CopyColor)
        {
            yield return MeterNames.CopyTotal;
        }
    }

    /// <summary>Only counters in the same unit compare (a total in sheets may rightly be below impressions counted per side).</summary>
    private static bool Exceeds(Counter counter, Counter bound) =>
        counter.Value > bound.Value && (counter.Unit ?? "impressions") == (bound.Unit ?? "impressions");
}
