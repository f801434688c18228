using Kdfm.Printers.Mib;
using Kdfm.Printers.Standard;
using Kdfm.Printers.Text;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>Every vendor profile, and how a device's vendor is told: sysObjectID's enterprise, then sysDescr, then the private subtrees present.</summary>
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

    /// <summary>The profile and the brand to show (a sub-brand such as Savin or Develop keeps its own name).</summary>
    public static (VendorProfile? Profile, string? Brand) Detect(MibData mib)
    {
        string? descr = StandardMibs.Text(mib, StandardMibs.SysDescr);
        VendorProfile? profile = null;
        if (mib.Get(StandardMibs.SysObjectId) is { Type: SnmpType.ObjectIdentifier } sysObjectId && sysObjectId.AsOid() is { Length: > 6 } id && id.StartsWith(Enterprises))
        {
            profile = ByEnterprise(id[6]);
        }

        var fromDescr = descr is null ? default : BrandIn(descr);
        if (fromDescr.Profile is null && StandardMibs.PwgDeviceIdField(mib, "MFG", "MANUFACTURER") is { } manufacturer)
        {
            // The PWG Port Monitor MIB's IEEE 1284 device ID ("MFG:EPSON;…"), printmaster's epson_sc walk.
            fromDescr = BrandIn(manufacturer);
        }

        profile ??= fromDescr.Profile;
        if (profile is null)
        {
            // No sysObjectID (or an unknown one) and no brand in sysDescr: the first private subtree we know, HP's
            // last because other vendors' JetDirect-compatible cards answer there too.
            profile = mib.Under(Enterprises).Select(r => r.Suffix[0]).Distinct()
                .Select(ByEnterprise).Where(p => p is not null).OrderBy(p => p == Hp.Profile).FirstOrDefault();
        }

        string? brand = fromDescr.Profile == profile && fromDescr.Brand is { } b ? CanonicalBrand(profile!, b) : profile?.Name;
        return (profile, brand);
    }

    private static (VendorProfile? Profile, string? Brand) BrandIn(string descr)
    {
        foreach (var profile in All)
        {
            foreach (var brand in profile.Brands)
            {
                int at = descr.IndexOf(brand, StringComparison.OrdinalIgnoreCase);
                if (at >= 0 && (at == 0 || !char.IsLetter(descr[at - 1])) && (at + brand.Length == descr.Length || !char.IsLetter(descr[at + brand.Length])))
                {
                    return (profile, brand);
                }
            }
        }

        return default;
    }

    /// <summary>Sub-brands keep their name (Savin, Develop, UTAX…); the vendor's own spellings become its name.</summary>
    private static string CanonicalBrand(VendorProfile profile, string brand) =>
        profile.Brands.Length > 0 && string.Equals(profile.Brands[0], brand, StringComparison.OrdinalIgnoreCase) || brand.Equals(profile.Name, StringComparison.OrdinalIgnoreCase) ||
        profile == Hp.Profile || profile == KonicaMinolta.Profile && brand.Equals("bizhub", StringComparison.OrdinalIgnoreCase)
            ? profile.Name
            : CultureInfoTitle(brand);

    private static string CultureInfoTitle(string brand) =>
        brand.All(c => !char.IsLetter(c) || char.IsUpper(c)) && brand.Length > 3
            ? char.ToUpperInvariant(brand[0]) + brand[1..].ToLowerInvariant()
            : brand;

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
