using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers.Meters;

/// <summary>Meters a device does not hold as one variable, made as sums of those it does, and marked so.</summary>
public static class DerivedMeters
{
    /// <summary>
    /// The sum of <paramref name="parts"/> under <paramref name="name"/>, with every OID it came from; null when there is
    /// nothing to add or the parts disagree on their unit (a sum of impressions and sheets means nothing).
    /// </summary>
    public static Counter? Sum(string name, IReadOnlyCollection<Counter> parts)
    {
        if (parts.Count == 0 || parts.Select(p => p.Unit).Distinct().Count() > 1)
        {
            return null;
        }

        long total = 0;
        foreach (var part in parts)
        {
            total = checked(total + part.Value);
        }

        return new Counter(name, total, parts.First().Unit, string.Join('+', parts.Select(p => p.Oid))) { DerivedFrom = [.. parts.Select(p => p.Oid)] };
    }
}
