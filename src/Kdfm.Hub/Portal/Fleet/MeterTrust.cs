using Kdfm.Printers.Meters;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// Whether each reading of one counter of one device can be billed (issue 14), pure: the readings in the order they were
/// taken go in, each one's flags and the value billing uses come out. A reading the collector flagged is untrusted as it
/// says. A reading below the last trusted value is <see cref="MeterFlags.WentBackwards"/> and billed at the last
/// trusted value, until the readings after it decide what it was:
/// <list type="bullet">
/// <item>a later reading at or above the last trusted value: it was one bad reading (it stays flagged, billed as before);</item>
/// <item><see cref="Rebaseline"/> readings in a row below the last trusted value, each at or above the one before: a reset
/// or a replaced board. They become the new baseline: the first keeps its flag (the break stays visible), the others are
/// trusted, and billing continues across the break — a billing value is the reading plus what the breaks before it
/// lost (the last trusted value before each break minus the new baseline), so that a period's pages are its last
/// billing value minus its first: (last trusted − start) + (end − new baseline);</item>
/// <item>the same, when they are at or above the trusted value before the last one: the last trusted value was one bad
/// high reading. It becomes <see cref="MeterFlags.Outlier"/>, billed at the value before it, and the readings after it are
/// checked again without it.</item>
/// </list>
/// A reading below the last trusted value that nothing has decided yet (the device's latest readings) is unresolved: a
/// period holding one has no pages (<see cref="MeterExport"/>). Nothing trusted yet (a device's first readings): a
/// flagged reading is billed at its own value, never 0, which would bill every page the device ever made.
/// </summary>
public static class MeterTrust
{
    /// <summary>How many consistent readings below the last trusted value make a new baseline.</summary>
    public const int Rebaseline = 3;

    /// <summary>One reading of the counter: its value and the collector's flags of it (null when none).</summary>
    public readonly record struct Reading(long Value, string? Flags = null);

    /// <summary>What the reading is stored with: its flags (null = trusted) and the value billing uses.</summary>
    public readonly record struct Row(string? Flags, long BillingValue);

    /// <summary>
    /// The rows of <paramref name="readings"/> (in the order taken). <paramref name="offset"/>: what breaks before the first
    /// reading lost (its stored billing value minus its value when the first reading is a trusted one the caller starts from).
    /// </summary>
    public static Row[] Check(IReadOnlyList<Reading> readings, long offset = 0)
    {
        var outliers = new HashSet<int>();
        while (true)
        {
            var (rows, outlier) = Pass(readings, offset, outliers);
            if (outlier is not { } index)
            {
                return rows;
            }

            outliers.Add(index); // each pass flags one more reading: at most one pass per reading
        }
    }

    /// <summary>One pass; stops at the first outlier it finds (the caller checks everything again without it).</summary>
    private static (Row[] Rows, int? Outlier) Pass(IReadOnlyList<Reading> readings, long offset, HashSet<int> outliers)
    {
        var rows = new Row[readings.Count];
        long? last = null, previous = null; // the last trusted value and the trusted value before it, in this baseline
        int lastIndex = -1;
        var run = new List<int>(); // consistent readings below the last trusted value, not yet decided
        for (int i = 0; i < readings.Count; i++)
        {
            var reading = readings[i];
            long billedAtLast = (last ?? reading.Value) + offset;
            if (outliers.Contains(i))
            {
                rows[i] = new Row(MeterFlags.Outlier, billedAtLast);
                continue;
            }

            if (reading.Flags is not null)
            {
                rows[i] = new Row(reading.Flags, billedAtLast);
                continue;
            }

            if (last is null || reading.Value >= last)
            {
                rows[i] = new Row(null, reading.Value + offset);
                (previous, last, lastIndex) = (last, reading.Value, i);
                run.Clear(); // readings below in between were bad ones
                continue;
            }

            if (run.Count > 0 && reading.Value < readings[run[^1]].Value)
            {
                run.Clear(); // not consistent with the run: a new one starts here
            }

            run.Add(i);
            rows[i] = new Row(MeterFlags.WentBackwards, billedAtLast);
            if (run.Count < Rebaseline)
            {
                continue;
            }

            long baseline = readings[run[0]].Value;
            if (previous is { } before && before <= baseline)
            {
                return (rows, lastIndex);
            }

            offset += last.Value - baseline;
            rows[run[0]] = new Row(MeterFlags.WentBackwards, baseline + offset); // the break, visible; billed where billing was
            long trusted = baseline;
            for (int k = run[0] + 1; k <= run[^1]; k++)
            {
                // The run's readings are trusted now; the flagged ones between them are billed at the run's value before them.
                if (run.Contains(k))
                {
                    trusted = readings[k].Value;
                    rows[k] = new Row(null, trusted + offset);
                }
                else
                {
                    rows[k] = rows[k] with { BillingValue = trusted + offset };
                }
            }

            (previous, last, lastIndex) = (readings[run[^2]].Value, readings[run[^1]].Value, run[^1]);
            run.Clear();
        }

        return (rows, null);
    }
}
