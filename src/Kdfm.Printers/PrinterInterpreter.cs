using System.Collections.Immutable;
using System.Globalization;
using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Printers.Standard;
using Kdfm.Printers.Vendors;
using Kdfm.Snmp;

namespace Kdfm.Printers;

/// <summary>
/// Varbinds in, a <see cref="DeviceSnapshot"/> out. Pure: no I/O, no clock (the time comes in the context). The
/// standard MIBs are read first, then the vendor's profile fills what they lack. A broken value costs its field and
/// adds a warning; it never costs the rest of the device.
/// </summary>
public static class PrinterInterpreter
{
    public static DeviceSnapshot Interpret(IEnumerable<VarBind> rows, SnapshotContext context)
    {
        var mib = new MibData(rows);
        var b = new SnapshotBuilder();
        int? charset = Stage(b, "localization", () => StandardMibs.CharacterSet(mib));
        Stage(b, "identity and status", () => StandardMibs.Identity(mib, b, charset));
        Stage(b, "MAC address", () => b.Mac = StandardMibs.Mac(mib));
        Stage(b, "marker counters", () => StandardMibs.Markers(mib, b));
        Stage(b, "supplies", () => StandardMibs.Supplies(mib, b, charset));
        Stage(b, "input trays", () => StandardMibs.Trays(mib, b, charset));
        Stage(b, "alerts", () => StandardMibs.Alerts(mib, b, charset));
        Stage(b, "front panel", () => StandardMibs.Display(mib, b, charset));
        var (profile, brand) = Stage(b, "vendor detection", () => VendorCatalog.Detect(mib));
        b.Vendor = brand;
        if (profile is not null)
        {
            b.Charset = charset;
            Stage(b, $"{profile.Name} identity", () => Identity(mib, b, profile));
            Stage(b, $"{profile.Name} counters", () => Counters(mib, b, profile));
            if (profile.Decode is { } decode)
            {
                Stage(b, $"{profile.Name} decoding", () => decode(mib, b));
            }
        }

        if (b.Model is null)
        {
            Stage(b, "PWG device ID", () => b.Model = StandardMibs.PwgDeviceIdField(mib, "MDL", "MODEL"));
        }

        string? sysDescr = StandardMibs.Text(mib, StandardMibs.SysDescr);
        Stage(b, "sysDescr", () => FromSysDescr(sysDescr, b));
        if (b.Model is not null)
        {
            b.Model = DeviceIdentity.NormalizeModel(b.Model);
        }

        string? serial = StandardMibs.Clean(b.Serial);
        return new DeviceSnapshot
        {
            Source = context.Source,
            Address = context.Address,
            Key = DeviceIdentity.Key(b.Vendor, serial, b.Mac, context.Address),
            CollectedAt = context.CollectedAt,
            Snmp = context.Snmp,
            SysObjectId = mib.Get(StandardMibs.SysObjectId) is { Type: SnmpType.ObjectIdentifier } id ? id.AsOid().ToString() : null,
            SysDescr = sysDescr,
            SysName = StandardMibs.Text(mib, StandardMibs.SysName, charset),
            SysLocation = StandardMibs.Text(mib, StandardMibs.SysLocation, charset),
            SysContact = StandardMibs.Text(mib, StandardMibs.SysContact, charset),
            UptimeSeconds = mib.Get(StandardMibs.SysUpTime) is { Type: SnmpType.TimeTicks } ticks ? (long)(ticks.AsUInt64() / 100) : null,
            Vendor = b.Vendor,
            Model = b.Model,
            Serial = serial,
            Firmware = b.Firmware,
            Mac = b.Mac,
            Status = b.Status,
            Errors = b.ErrorsArray,
            Display = [.. b.Display],
            Alerts = [.. b.Alerts],
            Counters = [.. b.Counters],
            Supplies = [.. b.Supplies],
            Trays = [.. b.Trays],
            Warnings = [.. b.Warnings],
        };
    }

    private static void Identity(MibData mib, SnapshotBuilder b, VendorProfile profile)
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

        b.Serial = StandardMibs.Clean(b.Serial) ?? profile.SerialOids.Select(o => StandardMibs.Clean(VendorCatalog.PrivateText(mib, o))).FirstOrDefault(s => s is not null);
        if (profile.FirmwareOids.Select(o => StandardMibs.Clean(VendorCatalog.PrivateText(mib, o))).FirstOrDefault(s => s is not null) is { } firmware)
        {
            b.Firmware = CleanFirmware(firmware);
        }
    }

    private static void Counters(MibData mib, SnapshotBuilder b, VendorProfile profile)
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
                if (value.IsNumeric && !b.Counters.Any(c => c.Oid == oid.ToString()))
                {
                    b.AddCounter(new Counter($"vendor:{prefix}.{suffix}", value.AsInt64(), null, oid.ToString()));
                }
            }
        }
    }

    /// <summary>What sysDescr still tells when the MIBs did not: HP's "SN:…", a firmware version, a model for bare agents.</summary>
    private static void FromSysDescr(string? descr, SnapshotBuilder b)
    {
        if (descr is null)
        {
            return;
        }

        if (b.Serial is null && Between(descr, "SN:", ",") is { } serial)
        {
            b.Serial = serial;
        }

        if (b.Firmware is null)
        {
            b.Firmware = Between(descr, "Firmware Ver.", " ") ?? Between(descr, "Firmware Ver.", ",") ?? Between(descr, " version ", " ");
        }

        if (b.Model is null && b.Vendor is not null && descr.StartsWith(b.Vendor + " ", StringComparison.OrdinalIgnoreCase) && descr.Length <= 64 &&
            descr.IndexOfAny([';', ',', '/', ':']) < 0)
        {
            // A bare agent whose sysDescr is just "VENDOR MODEL" ("FUJIFILM Apeos C7580", fujifilmprinter walk).
            b.Model = descr;
        }
    }

    private static string? Between(string text, string start, string end)
    {
        int at = text.IndexOf(start, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        at += start.Length;
        int stop = text.IndexOf(end, at, StringComparison.Ordinal);
        string value = (stop < 0 ? text[at..] : text[at..stop]).Trim().TrimEnd(',');
        return value.Length == 0 ? null : value;
    }

    /// <summary>"Firmware Ver.1.01 (08.12.12)" → "1.01".</summary>
    private static string CleanFirmware(string firmware)
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

    /// <summary>One step of interpretation: a broken value costs this step and becomes a warning, never an exception.</summary>
    private static void Stage(SnapshotBuilder b, string what, Action step) => Stage(b, what, () =>
    {
        step();
        return 0;
    });

    private static T? Stage<T>(SnapshotBuilder b, string what, Func<T> step)
    {
        try
        {
            return step();
        }
        catch (Exception e) when (e is OverflowException or FormatException or ArgumentException or InvalidOperationException or IndexOutOfRangeException)
        {
            b.Warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{what}: {e.GetType().Name}: {e.Message}"));
            return default;
        }
    }
}
