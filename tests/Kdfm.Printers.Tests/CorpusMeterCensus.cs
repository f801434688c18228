using Kdfm.Printers.Meters;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Printers.Tests;

/// <summary>
/// Which engines (the maker whose private MIB a walk implements) report function-level meters — print, copy, fax or
/// scan counters — on the corpus: the figure issue 14 asks to measure before and after.
/// </summary>
internal static class CorpusMeterCensus
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Every corpus walk's snapshot, by file name.</summary>
    public static IEnumerable<(string Device, DeviceSnapshot Snapshot)> Snapshots() =>
        Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec").Order(StringComparer.Ordinal)
            .Select(file => (Path.GetFileNameWithoutExtension(file),
                PrinterInterpreter.Interpret(SnmprecFormat.ReadFile(file).Rows, new SnapshotContext(null, Now, Source: file))));

    /// <summary>Engine → the function-level counter names its walks carry.</summary>
    public static SortedDictionary<string, SortedSet<string>> Engines()
    {
        var engines = new SortedDictionary<string, SortedSet<string>>(StringComparer.Ordinal);
        foreach (var (_, snapshot) in Snapshots())
        {
            var names = snapshot.Counters.Select(c => c.Name).Where(MeterNames.IsFunction).ToList();
            if (names.Count > 0 && snapshot.Engine is { } engine)
            {
                if (!engines.TryGetValue(engine, out var set))
                {
                    engines[engine] = set = new SortedSet<string>(StringComparer.Ordinal);
                }

                set.UnionWith(names);
            }
        }

        return engines;
    }
}
