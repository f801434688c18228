using Kdfm.Printers.Mib;
using Kdfm.Printers.Standard;
using Kdfm.Printers.Text;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>Every vendor profile, how the maker of a device's engine is told (sysObjectID's enterprise, then its texts, then the private subtrees present) and the brand on its box.</summary>
internal static class VendorCatalog
{
    private static readonly Oid Enterprises = Oid.Parse("1.3.6.1.4.1");

    public static readonly VendorProfile[] All =
    [
        Hp.Profile, Kyocera.Profile, Ricoh.Profile, Canon.Profile, Xerox.Profile, FujifilmXerox.Profile, KonicaMinolta.Profile,
        Lexmark.Profile, Brother.Profile, Sharp.Profile, Epson.Profile, Samsung.Profile, Oki.Profile, Dell.Profile, Toshiba.Profile,
        Zebra.Profile, Tsc.Profile,
    ];

    public static VendorProfile? ByEnterprise(uint enterprise) => All.FirstOrDefault(p => p.Enterprises.Contains(enterprise));

    /// <summary>
    /// The profile (the maker whose private MIB the device implements: its engine) and the brand to show. sysObjectID's
    /// enterprise names the engine; without one, a brand in sysDescr or the IEEE 1284 MFG field names it, else the
    /// first private subtree we know. The brand on the box is then read from the device's own texts, most specific
    /// first: the IEEE 1284 MFG field, the model name (the maker's model variable, hrDeviceDescr), sysDescr — a Develop
    /// keeps a Konica Minolta sysDescr but names itself "Develop ineo+ 280" (librenms' konica walk).
    /// </summary>
    public static (VendorProfile? Profile, string? Brand) Detect(MibData mib)
    {
        string? descr = StandardMibs.Text(mib, StandardMibs.SysDescr);
        string? manufacturer = StandardMibs.PwgDeviceIdField(mib, "MFG", "MANUFACTURER");
        string? deviceDescr = StandardMibs.Text(mib, StandardMibs.HrDeviceDescr.Append(StandardMibs.PrinterDevice(mib)));
        VendorProfile? profile = null;
        if (mib.Get(StandardMibs.SysObjectId) is { Type: SnmpType.ObjectIdentifier } sysObjectId && sysObjectId.AsOid() is { Length: > 6 } id && id.StartsWith(Enterprises))
        {
            profile = ByEnterprise(id[6]);
        }

        // The PWG Port Monitor MIB's IEEE 1284 device ID ("MFG:EPSON;…") when sysDescr names no brand: printmaster's epson_sc walk.
        profile ??= BrandSearch.In([descr, manufacturer, deviceDescr], All)?.Profile;
        if (profile is null)
        {
            // No sysObjectID (or an unknown one) and no brand in the texts: the first private subtree we know, HP's
            // last because other vendors' JetDirect-compatible cards answer there too.
            profile = mib.Under(Enterprises).Select(r => r.Suffix[0]).Distinct()
                .Select(ByEnterprise).Where(p => p is not null).OrderBy(p => p == Hp.Profile).FirstOrDefault();
        }

        if (profile is null)
        {
            return (null, null);
        }

        var texts = new[] { manufacturer }
            .Concat(profile.DeviceIdOids.Select(o => PrivateText(mib, o) is { } deviceId ? DeviceIdentity.DeviceIdField(deviceId, "MFG", "MANUFACTURER") : null))
            .Concat(profile.ModelOids.Select(o => PrivateText(mib, o)))
            .Concat([deviceDescr, descr]);
        return (profile, BrandSearch.In(texts, [profile])?.Vendor ?? profile.Name);
    }

    /// <summary>Decodes an OCTET STRING a vendor stores in its private MIB; HP's PML strings lose their two-byte symbol-set prefix.</summary>
    public static string? PrivateText(MibData mib, Oid oid)
    {
        if (mib.Get(oid) is not { Type: SnmpType.OctetString } value)
        {
            return null;
        }

        var bytes = value.Bytes;
        if (bytes.Length > 2 && bytes[0] < 0x20 && bytes[1] < 0x80 && bytes[0] != (byte)'\r' && bytes[0] != (byte)'\n')
        {
            bytes = bytes[2..];
        }
        else if (bytes.Length > 2 && bytes[0] == 0xFD && bytes[1] == 0xE8)
        {
            bytes = bytes[2..];
        }

        return OctetDecoder.LooksLikeText(bytes) ? OctetDecoder.Decode(bytes) : null;
    }
}
