using System.Collections.Frozen;
using System.Collections.Immutable;

namespace Kdfm.Printers.Meters;

/// <summary>
/// The meter vocabulary every vendor's counters are named in (issue 14), so that a dealer's meter definition and the
/// billing export read the same names whatever the brand. A counter a vendor has outside this vocabulary keeps the
/// vendor's own label as <c>vendor:&lt;label&gt;</c>. Each name appears at most once in a snapshot: the first OID that
/// holds it (the standard MIBs are read first) keeps it, another vendor OID with the same meaning becomes vendor:….
/// </summary>
public static class MeterNames
{
    /// <summary>Every page the device marked (prtMarkerLifeCount summed over markers, RFC 3805).</summary>
    public const string Total = "total";

    /// <summary>Black-and-white impressions, every function together.</summary>
    public const string Mono = "mono";

    /// <summary>
    /// Full-colour impressions, every function together. Full colour only, for every vendor and every colour name of the
    /// vocabulary (print.color, copy.color, large.color): single-colour and two-colour counts are no part of it and stay
    /// vendor counters, as does a vendor counter that mixes them with full colour (Canon's "Full Color + Single Color").
    /// </summary>
    public const string Color = "color";

    public const string PrintTotal = "print.total";
    public const string PrintMono = "print.mono";
    public const string PrintColor = "print.color";
    public const string CopyTotal = "copy.total";
    public const string CopyMono = "copy.mono";
    public const string CopyColor = "copy.color";

    /// <summary>Pages printed from received faxes (and fax reports).</summary>
    public const string Fax = "fax";

    /// <summary>Every original scanned, whatever for.</summary>
    public const string ScanTotal = "scan.total";

    /// <summary>Originals scanned to make copies.</summary>
    public const string ScanCopy = "scan.copy";

    /// <summary>Originals scanned to send as faxes.</summary>
    public const string ScanFax = "scan.fax";

    /// <summary>Originals scanned to e-mail, a folder, FTP or another network destination.</summary>
    public const string ScanNetwork = "scan.network";

    /// <summary>Two-sided impressions (or sheets, as the device counts them).</summary>
    public const string Duplex = "duplex";

    /// <summary>Large-format (A3, ledger, B4) black-and-white impressions.</summary>
    public const string LargeMono = "large.mono";

    /// <summary>Large-format (A3, ledger, B4) full-colour impressions.</summary>
    public const string LargeColor = "large.color";

    public const string VendorPrefix = "vendor:";

    /// <summary>The vocabulary in the order a meter table shows it.</summary>
    public static readonly ImmutableArray<string> All =
    [
        Total, Mono, Color, PrintTotal, PrintMono, PrintColor, CopyTotal, CopyMono, CopyColor, Fax,
        ScanTotal, ScanCopy, ScanFax, ScanNetwork, Duplex, LargeMono, LargeColor,
    ];

    private static readonly FrozenSet<string> Names = All.ToFrozenSet(StringComparer.Ordinal);

    public static bool IsVocabulary(string name) => Names.Contains(name);

    /// <summary>A counter of colour impressions: it has no business on a monochrome device.</summary>
    public static bool IsColor(string name) => name is Color or PrintColor or CopyColor or LargeColor;

    /// <summary>Scans count originals, not printed pages: they are not bounded by the printed total.</summary>
    public static bool IsScan(string name) => name.StartsWith("scan.", StringComparison.Ordinal);

    /// <summary>A print, copy, fax or scan counter: what "function-level" means in issue 14.</summary>
    public static bool IsFunction(string name) =>
        name.StartsWith("print.", StringComparison.Ordinal) || name.StartsWith("copy.", StringComparison.Ordinal) || name == Fax || IsScan(name);

    /// <summary>A counter the vocabulary has no name for, under the vendor's own label.</summary>
    public static string Vendor(string label) => VendorPrefix + label;

    /// <summary>
    /// The current name of a counter a snapshot of an earlier version wrote: <c>scan</c> became <c>scan.total</c> when
    /// the scan counters were split by destination. Readings stored before keep their JSON; readers map them here.
    /// </summary>
    public static string Current(string name) => name == "scan" ? ScanTotal : name;
}
