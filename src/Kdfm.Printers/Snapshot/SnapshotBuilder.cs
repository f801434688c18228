using System.Collections.Immutable;

namespace Kdfm.Printers.Snapshot;

/// <summary>The mutable side of interpretation: the standard MIBs fill it first, then the vendor profile refines it.</summary>
public sealed class SnapshotBuilder
{
    public string? Vendor { get; set; }

    public string? Model { get; set; }

    public string? Serial { get; set; }

    public string? Firmware { get; set; }

    public string? Mac { get; set; }

    public string? Status { get; set; }

    /// <summary>The printer's character set (IANA MIBenum) for vendor strings, when it names one.</summary>
    public int? Charset { get; set; }

    public List<string> Errors { get; } = [];

    public List<string> Display { get; } = [];

    public List<Alert> Alerts { get; } = [];

    public List<Counter> Counters { get; } = [];

    public List<Supply> Supplies { get; } = [];

    public List<Tray> Trays { get; } = [];

    public List<string> Warnings { get; } = [];

    /// <summary>Adds a counter unless one with the same OID is already there.</summary>
    public void AddCounter(Counter counter)
    {
        if (!Counters.Any(c => c.Oid == counter.Oid && c.Name == counter.Name))
        {
            Counters.Add(counter);
        }
    }

    public ImmutableArray<string> ErrorsArray => [.. Errors];
}
