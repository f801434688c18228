using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// What one vendor's private MIB adds to the standard ones: where its identity strings and counters live, which
/// subtrees the poll plan must read, and any decoding of its own. Each vendor is one small file in this folder.
/// </summary>
internal sealed record VendorProfile(string Name, uint[] Enterprises)
{
    /// <summary>The maker's own spellings and product lines in the device's texts ("KYOCERA", "bizhub"): the vendor is then <see cref="Name"/>.</summary>
    public string[] Brands { get; init; } = [];

    /// <summary>
    /// Brands sold on this maker's engines, as they are written on the box ("UTAX" on Kyocera, "Savin" on Ricoh,
    /// "Dell" on Lexmark): found in the device's texts, they are the vendor and this maker is the engine.
    /// </summary>
    public string[] Rebadges { get; init; } = [];

    /// <summary>IEEE 1284 device ID strings ("MFG:…;MDL:…;"), read for the model.</summary>
    public Oid[] DeviceIdOids { get; init; } = [];

    public Oid[] ModelOids { get; init; } = [];

    public Oid[] SerialOids { get; init; } = [];

    public Oid[] FirmwareOids { get; init; } = [];

    /// <summary>Named counters: a standard name (print.mono, copy.total, duplex…) or vendor:&lt;name&gt;.</summary>
    public (string Name, Oid Oid)[] Counters { get; init; } = [];

    /// <summary>Tables whose every numeric value is a page counter, named vendor:&lt;prefix&gt;.&lt;suffix&gt; unless listed in <see cref="Counters"/>.</summary>
    public (string Prefix, Oid Table)[] CounterTables { get; init; } = [];

    /// <summary>Private subtrees the poll plan reads for this vendor (never all of 1.3.6.1.4.1).</summary>
    public Oid[] Subtrees { get; init; } = [];

    /// <summary>Vendor-specific decoding run after the common steps (binary blobs, private supply tables).</summary>
    public Action<MibData, SnapshotBuilder>? Decode { get; init; }

    public static Oid[] Oids(params string[] oids) => [.. oids.Select(Oid.Parse)];
}
