using BenchmarkDotNet.Attributes;
using Kdfm.Printers;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;
using Kdfm.Snmp.Snmprec;

namespace Kdfm.Benchmarks.Printers;

/// <summary>The interpreter alone: every walk of the corpus (../shared/corpus or $KDFM_CORPUS) into snapshots.</summary>
[MemoryDiagnoser]
public class InterpreterBenchmarks
{
    private List<IReadOnlyList<VarBind>> _walks = [];
    private readonly SnapshotContext _context = new(null, DateTimeOffset.UnixEpoch);

    [GlobalSetup]
    public void Setup() => _walks = CorpusFiles.Walks().Select(f => (IReadOnlyList<VarBind>)SnmprecFormat.ReadFile(f).Rows).ToList();

    [Benchmark(Description = "interpret the whole corpus (62 walks)")]
    public int InterpretCorpus()
    {
        int supplies = 0;
        foreach (var rows in _walks)
        {
            supplies += PrinterInterpreter.Interpret(rows, _context).Supplies.Length;
        }

        return supplies;
    }
}
