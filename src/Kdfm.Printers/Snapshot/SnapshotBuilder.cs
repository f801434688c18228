using System.Collections.Immutable;

namespace Kdfm.Printers.Snapshot;

/// <summary>
/// The mutable side of interpretation: the standard MIBs fill it first, then the vendor profile refines it. Tables
/// grow only through the Add methods, which keep at most <see cref="SnapshotLimits.TableRows"/> rows each. The whole
/// snapshot's budget is applied once every step has run (<see cref="SnapshotBudget"/>), since the vendor steps add
/// counters and supplies after the alerts that a budget applied row by row would already have let in.
/// </summary>
public sealed class SnapshotBuilder
{
    private readonly List<string> _errors = [];
    private readonly List<string> _display = [];
    private readonly List<Alert> _alerts = [];
    private readonly List<Counter> _counters = [];
    private readonly HashSet<(string Oid, string Name)> _counterKeys = [];
    private readonly List<Supply> _supplies = [];
    private readonly List<Tray> _trays = [];
    private readonly List<string> _warnings = [];
    private readonly HashSet<string> _cut = [];

    public string? Vendor { get; set; }

    /// <summary>The maker whose MIB the device implements (its sysObjectID's enterprise); differs from the vendor on rebadged devices.</summary>
    public string? Engine { get; set; }

    public string? Model { get; set; }

    public string? Serial { get; set; }

    public string? Firmware { get; set; }

    public string? Mac { get; set; }

    public string? Status { get; set; }

    /// <summary>The printer's character set (IANA MIBenum) for vendor strings, when it names one.</summary>
    public int? Charset { get; set; }

    public IReadOnlyList<string> Errors => _errors;

    public IReadOnlyList<string> Display => _display;

    public IReadOnlyList<Alert> Alerts => _alerts;

    public IReadOnlyList<Counter> Counters => _counters;

    public IReadOnlyList<Supply> Supplies => _supplies;

    public IReadOnlyList<Tray> Trays => _trays;

    public IReadOnlyList<string> Warnings => _warnings;

    public void AddError(string error) => _errors.Add(error);

    /// <summary>Adds a front-panel line; false once the table is full.</summary>
    public bool AddDisplay(string line) => Add(_display, SnapshotLimits.Cap(line, SnapshotLimits.TextChars)!, "front panel");

    /// <summary>Adds an alert; false once the table is full.</summary>
    public bool AddAlert(Alert alert) => Add(_alerts, alert, "alerts");

    /// <summary>Adds a supply; false once the table is full.</summary>
    public bool AddSupply(Supply supply) => Add(_supplies, supply, "supplies");

    /// <summary>Adds a tray; false once the table is full.</summary>
    public bool AddTray(Tray tray) => Add(_trays, tray, "input trays");

    /// <summary>Adds a counter unless one with the same OID and name is already there; false once the table is full.</summary>
    public bool AddCounter(Counter counter)
    {
        counter = counter with { Name = SnapshotLimits.Cap(counter.Name, SnapshotLimits.TextChars)! };
        if (_counterKeys.Contains((counter.Oid, counter.Name)))
        {
            return true;
        }

        if (!Add(_counters, counter, "counters"))
        {
            return false;
        }

        _counterKeys.Add((counter.Oid, counter.Name));
        return true;
    }

    /// <summary>
    /// Adds a counter under its vocabulary name (<see cref="Meters.MeterNames"/>), or as vendor:&lt;label&gt; when another
    /// OID already holds that name: a name means one counter in a snapshot, and the first read keeps it.
    /// </summary>
    public bool AddMeter(string? name, string label, long value, string oid, string? unit = null)
    {
        bool taken = name is null || _counters.Any(c => c.Name == name && c.Oid != oid);
        return AddCounter(new Counter(taken ? Meters.MeterNames.Vendor(label) : name!, value, unit, oid));
    }

    /// <summary>
    /// Adds the sum of the counters named <paramref name="parts"/> as <paramref name="name"/>, marked derived with the
    /// OIDs it came from, unless the snapshot already has a counter of that name or none of the parts.
    /// </summary>
    public bool AddDerived(string name, IEnumerable<Counter> parts)
    {
        if (_counters.Any(c => c.Name == name) || Meters.DerivedMeters.Sum(name, parts.ToList()) is not { } sum)
        {
            return true;
        }

        return AddCounter(sum);
    }

    /// <summary>True when a counter was read from <paramref name="oid"/>.</summary>
    public bool HasCounterAt(string oid) => _counters.Any(c => c.Oid == oid);

    /// <summary>Notes what could not be read; the warnings are a table too, capped like the others.</summary>
    public void Warn(string warning)
    {
        if (_warnings.Count < SnapshotLimits.TableRows - 1)
        {
            _warnings.Add(SnapshotLimits.Cap(warning, SnapshotLimits.TextChars)!);
        }
        else if (_warnings.Count == SnapshotLimits.TableRows - 1)
        {
            _warnings.Add($"more than {SnapshotLimits.TableRows} warnings; the rest are dropped");
        }
    }

    public ImmutableArray<string> ErrorsArray => [.. _errors];

    private bool Add<T>(List<T> table, T row, string name)
    {
        if (table.Count < SnapshotLimits.TableRows)
        {
            table.Add(row);
            return true;
        }

        if (_cut.Add(name))
        {
            Warn($"{name}: more than {SnapshotLimits.TableRows} rows; the rest are dropped");
        }

        return false;
    }
}
