using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Printers.Standard;

namespace Kdfm.Printers.Vendors;

/// <summary>What a vendor profile adds after the standard MIBs: identity from its private variables, its counters.</summary>
internal static class VendorSteps
{
    public static void Identity(MibData mib, SnapshotBuilder b, VendorProfile profile)
    {
        // The model: the vendor's own model variable where it has one; else hrDeviceDescr (RFC 2790) unless it is a
        // generic driver name ("Generic 28C-1", konica walk) or carries more than the IEEE 1284 model ("Dell S5830dn
        // 7XQ1R92 LW62…", dell walk), in which case the device ID's cleaner MDL/MODEL is used.
        string? deviceIdModel = profile.DeviceIdOids.Select(o => VendorCatalog.PrivateText(mib, o))
            .Select(id => id is null ? null : DeviceIdentity.DeviceIdField(id, "MDL", "MODEL")).FirstOrDefault(m => m is not null);
        string? vendorModel = profile.ModelOids.Select(o => VendorCatalog.PrivateText(mib, o)).FirstOrDefault(s => s is not null);
        string? standard = b.Model is { } m && !m.StartsWith("Generic", StringComparison.OrdinalIgnoreCase) ? m : null;
        b.Model = vendorModel
            ?? (standard is not null && deviceIdModel is not null && standard.Contains(deviceIdModel, StringComparison.OrdinalIgnoreCase) ? deviceIdModel : null)
            ?? standard
            ?? deviceIdModel
            ?? b.Model;

        foreach (var serial in profile.SerialOids.Select(o => StandardMibs.Clean(VendorCatalog.PrivateText(mib, o))))
        {
            b.Serial = DeviceIdentity.BetterSerial(StandardMibs.Clean(b.Serial), serial);
        }

        if (profile.FirmwareOids.Select(o => StandardMibs.Clean(VendorCatalog.PrivateText(mib, o))).FirstOrDefault(s => s is not null) is { } firmware)
        {
            b.Firmware = CleanFirmware(firmware);
        }
    }

    /// <summary>IEEE 1284 device IDs that carry a serial (SN:, SERN:, SERIALNUMBER:, Kyocera's SER:): the last place a serial is looked for.</summary>
    public static void DeviceIdSerial(MibData mib, SnapshotBuilder b, VendorProfile? profile)
    {
        string[] keys = ["SN", "SERN", "SERIALNUMBER", "SER"];
        var fromDeviceIds = (profile?.DeviceIdOids ?? []).Select(o => VendorCatalog.PrivateText(mib, o))
            .Select(id => id is null ? null : DeviceIdentity.DeviceIdField(id, keys))
            .Append(StandardMibs.PwgDeviceIdField(mib, keys));
        foreach (var serial in fromDeviceIds)
        {
            b.Serial = DeviceIdentity.BetterSerial(b.Serial, StandardMibs.Clean(serial));
        }
    }

    public static void Counters(MibData mib, SnapshotBuilder b, VendorProfile profile)
    {
        foreach (var (name, oid) in profile.Counters)
        {
            if (mib.Get(oid) is { IsNumeric: true } value)
            {
                b.AddCounter(new Counter(name, value.AsInt64(), null, oid.ToString()));
            }
        }

        foreach (var (prefix, table) in profile.CounterTables)
        {
            foreach (var (oid, suffix, value) in mib.Under(table))
            {
                if (value.IsNumeric && !b.HasCounterAt(oid.ToString()) && !b.AddCounter(new Counter($"vendor:{prefix}.{suffix}", value.AsInt64(), null, oid.ToString())))
                {
                    return;
                }
            }
        }
    }

    /// <summary>"Firmware Ver.1.01 (08.12.12)" → "1.01".</summary>
    public static string CleanFirmware(string firmware)
    {
        string f = firmware.Trim();
        if (f.StartsWith("Firmware Ver.", StringComparison.OrdinalIgnoreCase))
        {
            f = f["Firmware Ver.".Length..].Trim();
            int space = f.IndexOf(' ', StringComparison.Ordinal);
            f = space > 0 ? f[..space] : f;
        }

        return f;
    }
}
