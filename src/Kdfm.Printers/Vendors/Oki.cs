namespace Kdfm.Printers.Vendors;

/// <summary>OKI (2001): its JetDirect-compatible card publishes an IEEE 1284 device ID at HP's 11.2.3.9.1.1.7.0 (okilan_9450g walk).</summary>
internal static class Oki
{
    /// <summary>An OkiLAN card's sysDescr names the printer and its firmware: "… Attached to MC873 Rev.07.87 : …".</summary>
    private static void AttachedPrinter(Kdfm.Printers.Mib.MibData mib, Kdfm.Printers.Snapshot.SnapshotBuilder b)
    {
        string? descr = Kdfm.Printers.Standard.StandardMibs.Text(mib, Kdfm.Printers.Standard.StandardMibs.SysDescr);
        int at = descr?.IndexOf("Attached to ", StringComparison.Ordinal) ?? -1;
        if (at < 0)
        {
            return;
        }

        var words = descr![(at + "Attached to ".Length)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        b.Model ??= words.FirstOrDefault();
        if (words.Length > 1 && words[1].StartsWith("Rev.", StringComparison.Ordinal))
        {
            b.Firmware ??= words[1]["Rev.".Length..];
        }
    }

    public static VendorProfile Profile { get; } = new("OKI", [2001])
    {
        Brands = ["OKI"],
        DeviceIdOids = VendorProfile.Oids("1.3.6.1.4.1.11.2.3.9.1.1.7.0"), Subtrees = VendorProfile.Oids("1.3.6.1.4.1.11.2.3.9.1.1.7"), Decode = AttachedPrinter,
    };
}
