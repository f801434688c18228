using System.Collections.Immutable;
using System.Text;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Printers.Tests;

/// <summary>
/// The whole snapshot stays within SnapshotLimits.SnapshotBytes of JSON whatever the agent sends: the tables share what the
/// identity leaves, counters first, then supplies, trays, alerts, front panel and warnings; real printers are untouched.
/// </summary>
public class SnapshotBudgetTests
{
    private static readonly SnapshotContext Context = new("127.20.0.9", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));
    private static readonly VarBind KonicaMinolta = new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse("1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2")));

    private static string Note(string table, int dropped) => $"{table}: {dropped} rows dropped to keep the snapshot within {SnapshotLimits.SnapshotBytes} bytes";

    private static int Utf8Json(DeviceSnapshot s) => Encoding.UTF8.GetByteCount(SnapshotJson.SerializeCompact(s));

    /// <summary>Text of <paramref name="bytes"/> octets that JSON must escape throughout: control characters, quotes, backslashes.</summary>
    private static SnmpValue Escaped(int bytes) => SnmpValue.OctetString([.. Enumerable.Range(0, bytes).Select(i => (byte)(i % 4 switch { 0 => 0x01, 1 => '"', 2 => '\\', _ => 'x' }))]);

    /// <summary>Every table at its row cap and beyond, every text at 4 to 64 KB, and 512 page counters.</summary>
    private static List<VarBind> Hostile()
    {
        var alert = Escaped(64 * 1024);
        var text = Escaped(4096);
        var identity = Escaped(64 * 1024);
        var rows = new List<VarBind> { KonicaMinolta };
        foreach (string oid in new[] { "1.3.6.1.2.1.1.1.0", "1.3.6.1.2.1.1.4.0", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.6.0", "1.3.6.1.2.1.43.5.1.1.17.1" })
        {
            rows.Add(new VarBind(Oid.Parse(oid), identity));
        }

        for (int i = 1; i <= 5000; i++)
        {
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.18.1.1.2.1.{i}"), SnmpValue.Integer(4)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.18.1.1.7.1.{i}"), SnmpValue.Integer(1104)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.18.1.1.8.1.{i}"), alert));
        }

        for (int i = 1; i <= 512; i++)
        {
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.11.1.1.6.1.{i}"), text));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.11.1.1.9.1.{i}"), SnmpValue.Integer(50)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.8.2.1.13.1.{i}"), text));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.8.2.1.10.1.{i}"), SnmpValue.Integer(100)));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.2.1.43.16.5.1.2.1.{i}"), text));
            rows.Add(new VarBind(Oid.Parse($"1.3.6.1.4.1.18334.1.1.1.5.7.2.2.1.5.{i}.1"), SnmpValue.Integer(1_000_000 + i))); // Konica Minolta's counter table
        }

        return rows;
    }

    [Fact]
    public void A_hostile_snapshot_serializes_within_the_budget_and_keeps_every_counter()
    {
        var s = PrinterInterpreter.Interpret(Hostile(), Context);

        Assert.InRange(Utf8Json(s), SnapshotLimits.SnapshotBytes * 9 / 10, SnapshotLimits.SnapshotBytes);
        Assert.Equal(Enumerable.Range(1, 512).Select(i => 1_000_000L + i), s.Counters.Select(c => c.Value).Order());
        Assert.Equal(SnapshotLimits.IdentityChars, s.SysDescr!.Length);

        // Supplies come next and take the rest; trays, alerts and the front panel get nothing.
        Assert.InRange(s.Supplies.Length, 1, 511);
        Assert.Equal(Enumerable.Range(1, s.Supplies.Length), s.Supplies.Select(x => x.Index));
        Assert.Equal((0, 0, 0), (s.Trays.Length, s.Alerts.Length, s.Display.Length));
        Assert.Equal(
            [Note("supplies", 512 - s.Supplies.Length), Note("input trays", 512), Note("alerts", 512), Note("front panel", 512)],
            s.Warnings.Where(w => w.Contains("rows dropped to keep", StringComparison.Ordinal)));
        Assert.Contains($"alerts: more than {SnapshotLimits.TableRows} rows; the rest are dropped", s.Warnings);
    }

    [Fact]
    public void Tables_are_cut_in_their_order_from_the_end_and_each_cut_is_named_once()
    {
        var s = Sample(rows: 10);
        int frame = JsonSize.Frame(s with { Counters = [], Supplies = [], Trays = [], Alerts = [], Display = [] });
        int counters = s.Counters.Sum(c => JsonSize.Element(JsonSize.Of(c)));
        int supplies = s.Supplies.Sum(x => JsonSize.Element(JsonSize.Of(x)));
        int threeTrays = s.Trays.Take(3).Sum(t => JsonSize.Element(JsonSize.Of(t)));

        // Room for the frame, the counters, the supplies and three and a half trays, besides the 1,024 bytes kept for the notes.
        int budget = frame + counters + supplies + threeTrays + JsonSize.Element(JsonSize.Of(s.Trays[3])) / 2 + 1024;
        var fit = SnapshotBudget.Fit(s, budget);

        Assert.Equal((10, 10, 3, 0, 0), (fit.Counters.Length, fit.Supplies.Length, fit.Trays.Length, fit.Alerts.Length, fit.Display.Length));
        Assert.Equal(s.Trays.Take(3), fit.Trays);
        Assert.Equal(
            [
                $"input trays: 7 rows dropped to keep the snapshot within {budget} bytes",
                $"alerts: 10 rows dropped to keep the snapshot within {budget} bytes",
                $"front panel: 10 rows dropped to keep the snapshot within {budget} bytes",
            ],
            fit.Warnings.AsEnumerable());
        Assert.InRange(Utf8Json(fit), 0, budget);
    }

    [Fact]
    public void Warnings_come_last_and_say_when_they_were_cut()
    {
        var s = Sample(rows: 0) with { Warnings = [.. Enumerable.Range(1, 100).Select(i => $"warning {i}: " + new string('w', 200))] };
        int budget = JsonSize.Frame(s with { Warnings = [] }) + 10 * 215 + 1024;
        var fit = SnapshotBudget.Fit(s, budget);

        Assert.InRange(fit.Warnings.Length, 10, 15);
        Assert.Equal(s.Warnings.Take(fit.Warnings.Length - 1), fit.Warnings.SkipLast(1));
        Assert.Equal($"warnings: {101 - fit.Warnings.Length} rows dropped to keep the snapshot within {budget} bytes", fit.Warnings[^1]);
        Assert.InRange(Utf8Json(fit), 0, budget);
    }

    [Fact]
    public void A_snapshot_within_the_budget_is_returned_as_it_is()
    {
        var s = Sample(rows: 10);
        Assert.Same(s, SnapshotBudget.Fit(s));
    }

    [Fact]
    public void Every_corpus_walk_is_untouched_by_the_budget_and_the_text_cap()
    {
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec"))
        {
            var s = PrinterInterpreter.Interpret(SnmprecFormat.ReadFile(file).Rows, new SnapshotContext(null, Context.CollectedAt, Source: file));
            Assert.Same(s, SnapshotBudget.Fit(s));
            Assert.DoesNotContain(s.Warnings, w => w.Contains("rows dropped to keep", StringComparison.Ordinal));
            var texts = s.Alerts.Select(a => a.Description).Concat(s.Supplies.Select(x => x.Description)).Concat(s.Trays.Select(t => t.Name))
                .Concat(s.Trays.Select(t => t.Media)).Concat(s.Display).Concat(s.Counters.Select(c => c.Name));
            Assert.All(texts, t => Assert.True(t is null || t.Length < SnapshotLimits.TextChars / 4, $"{file}: {t}"));

            // The estimate the budget works with is never below what the serialiser writes.
            int estimate = JsonSize.Frame(s) + s.Counters.Sum(c => JsonSize.Element(JsonSize.Of(c))) + s.Supplies.Sum(x => JsonSize.Element(JsonSize.Of(x))) +
                s.Trays.Sum(t => JsonSize.Element(JsonSize.Of(t))) + s.Alerts.Sum(a => JsonSize.Element(JsonSize.Of(a))) +
                s.Display.Sum(d => JsonSize.Element(JsonSize.Of(d))) + s.Warnings.Sum(w => JsonSize.Element(JsonSize.Of(w)));
            Assert.InRange(Utf8Json(s), 0, estimate);
        }
    }

    /// <summary>A snapshot with <paramref name="rows"/> rows in every table but the warnings.</summary>
    private static DeviceSnapshot Sample(int rows) => new()
    {
        Key = "kyocera:VCF9192281",
        CollectedAt = Context.CollectedAt,
        Address = "127.20.0.9",
        Vendor = "Kyocera",
        SysDescr = "KYOCERA Document Solutions Printing System",
        Counters = [.. Enumerable.Range(1, rows).Select(i => new Counter($"vendor:counter {i}", i * 1000L, "impressions", $"1.3.6.1.4.1.1347.42.3.1.1.1.1.{i}"))],
        Supplies = [.. Enumerable.Range(1, rows).Select(i => new Supply(i, $"TK-{i}", "toner", "black", 2400, 7200, 33, "ok", $"1.3.6.1.2.1.43.11.1.1.9.1.{i}"))],
        Trays = [.. Enumerable.Range(1, rows).Select(i => new Tray(i, $"Cassette {i}", "A4", 250, 500, "ok"))],
        Alerts = [.. Enumerable.Range(1, rows).Select(i => new Alert(i, "warning", "markerSupplies", "markerTonerAlmostEmpty", $"Toner low ({i})", 1))],
        Display = [.. Enumerable.Range(1, rows).Select(i => $"Line {i}")],
        Warnings = ImmutableArray<string>.Empty,
    };
}
