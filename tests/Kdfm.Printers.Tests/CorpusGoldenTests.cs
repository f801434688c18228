using System.Text.Json;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;
using Xunit.Abstractions;

namespace Kdfm.Printers.Tests;

/// <summary>
/// Every recorded walk of ../shared/corpus (or $KDFM_CORPUS), interpreted and scored against what the peer projects'
/// own tests expect. The floors below are what this code reaches today: a change that loses ground fails.
/// </summary>
public class CorpusGoldenTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 0, 0, 0, TimeSpan.Zero);

    private static CorpusScore ScoreCorpus()
    {
        var score = new CorpusScore();
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Corpus, "expected"), "*.json").Order(StringComparer.Ordinal))
        {
            string device = Path.GetFileNameWithoutExtension(file);
            var walk = SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.CorpusWalks, device + ".snmprec"));
            var snapshot = PrinterInterpreter.Interpret(walk.Rows, new SnapshotContext(null, Now, Source: device));
            using var expected = JsonDocument.Parse(File.ReadAllText(file));
            score.Score(device, expected.RootElement, snapshot);
        }

        return score;
    }

    [Fact]
    public void Scores_per_field_against_the_peers_expectations()
    {
        var score = ScoreCorpus();
        output.WriteLine(score.Table());
        output.WriteLine(string.Join("\n", score.Misses));
        Assert.True(score.Fields.Count >= 8, score.Table());
        foreach (var (field, floor) in Floors)
        {
            Assert.True(score.Rate(field) >= floor, $"{field}: {score.Rate(field):P1} < {floor:P0}\n{score.Table()}\n{string.Join("\n", score.Misses.Where(m => m.StartsWith(field, StringComparison.Ordinal)))}");
        }
    }

    /// <summary>Reached by this code on the corpus; raise them as it improves.</summary>
    private static readonly (string Field, double Floor)[] Floors =
    [
        ("vendor", 0.99),
        ("model", 0.90),
        ("serial", 0.99),
        ("firmware", 0.95),
        ("supply.level", 0.99),
        ("supply.capacity", 0.99),
        ("counter", 0.99),
        ("brother.counter", 0.95),
        ("brother.remaining", 0.99),
        ("brother.status", 0.99),
    ];

    [Fact]
    public void Every_walk_interprets_without_an_exception_and_with_a_key()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec"))
        {
            var walk = SnmprecFormat.ReadFile(file);
            var snapshot = PrinterInterpreter.Interpret(walk.Rows, new SnapshotContext(null, Now, Source: file));
            Assert.False(string.IsNullOrEmpty(snapshot.Key), file);
            Assert.All(snapshot.Supplies, s => Assert.True(s.Percent is null or >= 0 and <= 100, $"{file}: {s}"));
        }
    }
}
