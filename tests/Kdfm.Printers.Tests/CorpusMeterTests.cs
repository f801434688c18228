using Kdfm.Printers.Snapshot;
using Xunit.Abstractions;

namespace Kdfm.Printers.Tests;

/// <summary>Golden meters of every corpus walk that carries vendor counters (../shared/corpus, read at test time).</summary>
public class CorpusMeterTests(ITestOutputHelper output)
{
    private static string Line(Counter c) =>
        $"{c.Name}={c.Value} @{c.Oid}" + (c.DerivedFrom is { } from ? $" derived({from.Length})" : "") + (c.Flags is { } flags ? $" [{string.Join(",", flags)}]" : "");

    [Fact]
    public void Dump()
    {
        foreach (var (device, snapshot) in CorpusMeterCensus.Snapshots())
        {
            if (snapshot.Counters.Any(c => !c.Oid.StartsWith("1.3.6.1.2.1.43.10.2.1.", StringComparison.Ordinal)))
            {
                output.WriteLine($"== {device} ({snapshot.Engine})");
                foreach (var c in snapshot.Counters)
                {
                    output.WriteLine(Line(c));
                }
            }
        }
    }
}
