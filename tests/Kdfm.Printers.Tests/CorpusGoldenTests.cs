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
        foreach (var (field, floor, minScored) in Floors)
        {
            Assert.True(score.Shortfall(field, floor, minScored) is null,
                $"{score.Shortfall(field, floor, minScored)}\n{score.Table()}\n{string.Join("\n", score.Misses.Where(m => m.StartsWith(field, StringComparison.Ordinal)))}");
        }
    }

    /// <summary>
    /// Reached by this code on the corpus; raise them as it improves. Each floor also needs as many scored values as the
    /// corpus holds today (a field that scores nothing must fail, not pass at 100 %).
    /// </summary>
    private static readonly (string Field, double Floor, int MinScored)[] Floors =
    [
        ("vendor", 0.99, 14),
        ("model", 0.90, 24),
        ("serial", 0.99, 22),
        ("firmware", 0.95, 20),
        ("supply.level", 0.99, 101),
        ("supply.capacity", 0.99, 101),
        ("counter", 0.99, 44),
        ("brother.counter", 0.95, 15),
        ("brother.remaining", 0.99, 20),
        ("brother.status", 0.99, 9),
    ];

    /// <summary>Issue 14's figure: before it, HP, Kyocera and Sharp; the walks of the other vendors it maps carry none of their meter tables.</summary>
    [Fact]
    public void Engines_with_function_level_counters_on_the_corpus()
    {
        var engines = CorpusMeterCensus.Engines();
        output.WriteLine($"{engines.Count} engine(s) with function-level counters on the corpus:");
        output.WriteLine(string.Join("\n", engines.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.Equal(["HP", "Kyocera", "Sharp"], engines.Keys);
    }

    [Fact]
    public void A_floor_is_missed_by_a_field_that_scored_nothing_or_too_little()
    {
        var score = new CorpusScore();
        Assert.Equal(0, score.Rate("model"));
        Assert.Equal("model: 0 values scored, fewer than the 24 the corpus holds", score.Shortfall("model", 0.90, 24));
        score.Check("model", "one-walk", hit: true, "");
        Assert.Equal(1, score.Rate("model"));
        Assert.NotNull(score.Shortfall("model", 0.90, 24));
        Assert.Null(score.Shortfall("model", 0.90, 1));
    }

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
