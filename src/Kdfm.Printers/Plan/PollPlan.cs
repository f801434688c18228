using Kdfm.Printers.Standard;
using Kdfm.Printers.Vendors;
using Kdfm.Snmp;

namespace Kdfm.Printers.Plan;

/// <summary>
/// The subtrees to read for one printer: the standard MIBs' tables and the private subtrees of its vendor, chosen
/// from the enterprise number in sysObjectID — never a walk of all of 1.3.6.1.4.1. When the vendor is unknown, the
/// identity subtrees of every profile (a few variables each) are read so the vendor can still be told.
/// </summary>
public static class PollPlan
{
    private static readonly Oid Enterprises = Oid.Parse("1.3.6.1.4.1");
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyList<Oid>> Cache = new();

    public static IReadOnlyList<Oid> Subtrees(Oid? sysObjectId)
    {
        var profile = Profile(sysObjectId);
        return Cache.GetOrAdd(profile?.Name ?? string.Empty, _ =>
        {
            var vendorTrees = profile is not null ? profile.Subtrees : VendorCatalog.All.SelectMany(p => p.DeviceIdOids.Concat(p.SerialOids).Concat(p.ModelOids)).ToArray();
            return Minimal([.. StandardMibs.Subtrees, .. vendorTrees]);
        });
    }

    /// <summary>True when sysObjectID's enterprise names a vendor we have a profile for (no second pass needed).</summary>
    public static bool NamesVendor(Oid? sysObjectId) => Profile(sysObjectId) is not null;

    private static VendorProfile? Profile(Oid? sysObjectId) =>
        sysObjectId is { Length: > 6 } id && id.StartsWith(Enterprises) ? VendorCatalog.ByEnterprise(id[6]) : null;

    /// <summary>
    /// The second pass for a device whose sysObjectID did not name its vendor: once the first pass has told the vendor
    /// (sysDescr, an IEEE 1284 ID, a serial in a private subtree), its profile's subtrees that were not read yet.
    /// </summary>
    public static IReadOnlyList<Oid> FollowUp(IEnumerable<VarBind> firstPass, IReadOnlyCollection<Oid> alreadyRead)
    {
        var (profile, _) = VendorCatalog.Detect(new Mib.MibData(firstPass));
        if (profile is null)
        {
            return [];
        }

        return Minimal(profile.Subtrees).Where(s => !alreadyRead.Any(read => s.StartsWith(read))).ToList();
    }

    /// <summary>Drops subtrees already covered by another one, in OID order.</summary>
    private static List<Oid> Minimal(IEnumerable<Oid> subtrees)
    {
        var result = new List<Oid>();
        foreach (var oid in subtrees.Distinct().Order())
        {
            if (!result.Any(r => oid.StartsWith(r)))
            {
                result.Add(oid);
            }
        }

        return result;
    }
}
