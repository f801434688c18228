using System.Collections.Immutable;
using System.Globalization;

namespace Kdfm.Printers.Snapshot;

/// <summary>
/// The cap on a whole snapshot (<see cref="SnapshotLimits.SnapshotBytes"/> of compact JSON). Every field and table has
/// its own cap, yet six tables of 512 rows of long text would still make megabytes, journaled at every poll: the tables
/// share what the identity leaves, in the order of what matters to a fleet — counters (billing), supplies, input trays,
/// alerts, front panel, warnings. A table that would pass the budget loses rows from its end, with one warning that names
/// it and says how many. Identity, status and errors are always kept (their own caps bound them far below the budget).
/// </summary>
public static class SnapshotBudget
{
    /// <summary>Room kept for the warnings that say what was cut: at most one a table, each under 100 bytes.</summary>
    private const int NotesBytes = 1024;

    /// <summary>
    /// <paramref name="snapshot"/> itself when its JSON fits in <paramref name="maxBytes"/> (by <see cref="JsonSize"/>'s
    /// upper bound), else a copy whose tables were cut to fit.
    /// </summary>
    public static DeviceSnapshot Fit(DeviceSnapshot snapshot, int maxBytes = SnapshotLimits.SnapshotBytes)
    {
        long left = (long)maxBytes - JsonSize.Frame(snapshot) - NotesBytes;
        List<string>? notes = null;
        var counters = Keep(snapshot.Counters, JsonSize.Of, "counters", maxBytes, ref left, ref notes);
        var supplies = Keep(snapshot.Supplies, JsonSize.Of, "supplies", maxBytes, ref left, ref notes);
        var trays = Keep(snapshot.Trays, JsonSize.Of, "input trays", maxBytes, ref left, ref notes);
        var alerts = Keep(snapshot.Alerts, JsonSize.Of, "alerts", maxBytes, ref left, ref notes);
        var display = Keep(snapshot.Display, JsonSize.Of, "front panel", maxBytes, ref left, ref notes);

        // The warnings come last and also get the room kept for the notes, but for the notes themselves (and their own).
        left = Math.Max(0, left) + NotesBytes - (notes?.Sum(n => JsonSize.Element(JsonSize.Of(n))) ?? 0) - NotesBytes / 8;
        var warnings = Keep(snapshot.Warnings, JsonSize.Of, "warnings", maxBytes, ref left, ref notes);
        if (notes is null)
        {
            return snapshot;
        }

        return snapshot with
        {
            Counters = counters,
            Supplies = supplies,
            Trays = trays,
            Alerts = alerts,
            Display = display,
            Warnings = warnings.AddRange(notes),
        };
    }

    /// <summary>The rows from the first that fit in <paramref name="left"/>, which they use up; a note when some are dropped, and nothing left.</summary>
    private static ImmutableArray<T> Keep<T>(
        ImmutableArray<T> rows, Func<T, int> size, string table, int maxBytes, ref long left, ref List<string>? notes)
    {
        int kept = 0;
        foreach (var row in rows)
        {
            int bytes = JsonSize.Element(size(row));
            if (bytes > left)
            {
                break;
            }

            left -= bytes;
            kept++;
        }

        if (kept == rows.Length)
        {
            return rows;
        }

        // A cut table spends the budget: no later table keeps a row while an earlier one lost some.
        left = 0;
        (notes ??= []).Add(string.Create(CultureInfo.InvariantCulture,
            $"{table}: {rows.Length - kept} rows dropped to keep the snapshot within {maxBytes} bytes"));
        return rows[..kept];
    }
}
