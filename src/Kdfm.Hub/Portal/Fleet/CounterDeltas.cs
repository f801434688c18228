using System.Globalization;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// Pages printed per day and per month from a counter's readings (pure). A period's delta is its last value minus the
/// last value before it (the first value of the period for the first period); a counter that went backwards (a
/// replaced formatter board, a reset) gives no delta for that period rather than a negative one.
/// </summary>
public static class CounterDeltas
{
    public readonly record struct Point(DateTimeOffset At, long Value);

    /// <param name="Period">yyyy-MM-dd or yyyy-MM (UTC).</param>
    /// <param name="Delta">Null when the counter went backwards in the period.</param>
    public sealed record Delta(string Period, long Start, long End, long? Pages);

    public static IReadOnlyList<Delta> Daily(IEnumerable<Point> points) => By(points, "yyyy-MM-dd");

    public static IReadOnlyList<Delta> Monthly(IEnumerable<Point> points) => By(points, "yyyy-MM");

    private static List<Delta> By(IEnumerable<Point> points, string format)
    {
        var deltas = new List<Delta>();
        long? before = null;
        foreach (var period in points.OrderBy(p => p.At).GroupBy(p => p.At.UtcDateTime.ToString(format, CultureInfo.InvariantCulture)))
        {
            long start = before ?? period.First().Value;
            long end = period.Last().Value;
            bool backwards = end < start || period.Zip(period.Skip(1)).Any(pair => pair.Second.Value < pair.First.Value);
            deltas.Add(new Delta(period.Key, start, end, backwards ? null : end - start));
            before = end;
        }

        return deltas;
    }
}
