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
        b.Engine = profile?.Name;
        if (profile is not null)
        {
            b.Charset = charset;
            Stage(b, $"{profile.Name} identity", () => VendorSteps.Identity(mib, b, profile));
            Stage(b, $"{profile.Name} counters", () => VendorSteps.Counters(mib, b, profile));
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
        Stage(b, "sysDescr", () => SysDescrFacts.Read(sysDescr, b));
        Stage(b, "IEEE 1284 serial", () => VendorSteps.DeviceIdSerial(mib, b, profile));
        if (b.Model is not null)
        {
            b.Model = DeviceIdentity.NormalizeModel(b.Model);
        }

        // Issue 14: the checks one reading allows on its own, once every step has added its counters.
        var counters = Stage(b, "meter checks", () => Meters.MeterChecks.Flag(b.Counters, StandardMibs.Monochrome(mib)));
        const int Identity = SnapshotLimits.IdentityChars;
        string? serial = SnapshotLimits.Cap(StandardMibs.Clean(b.Serial), Identity);
        string? vendor = SnapshotLimits.Cap(b.Vendor, Identity);
        return SnapshotBudget.Fit(new DeviceSnapshot
        {
            Source = context.Source,
            Address = context.Address,
            Key = DeviceIdentity.Key(vendor, serial, b.Mac, context.Address),
            CollectedAt = context.CollectedAt,
            Snmp = context.Snmp,
            SysObjectId = mib.Get(StandardMibs.SysObjectId) is { Type: SnmpType.ObjectIdentifier } id ? id.AsOid().ToString() : null,
            SysDescr = SnapshotLimits.Cap(sysDescr, Identity),
            SysName = SnapshotLimits.Cap(StandardMibs.Text(mib, StandardMibs.SysName, charset), Identity),
            SysLocation = SnapshotLimits.Cap(StandardMibs.Text(mib, StandardMibs.SysLocation, charset), Identity),
            SysContact = SnapshotLimits.Cap(StandardMibs.Text(mib, StandardMibs.SysContact, charset), Identity),
            UptimeSeconds = mib.Get(StandardMibs.SysUpTime) is { Type: SnmpType.TimeTicks } ticks ? (long)(ticks.AsUInt64() / 100) : null,
            Vendor = vendor,
            Engine = b.Engine,
            Model = SnapshotLimits.Cap(b.Model, Identity),
            Serial = serial,
            Firmware = SnapshotLimits.Cap(b.Firmware, Identity),
            Mac = b.Mac,
            Status = b.Status,
            Errors = b.ErrorsArray,
            Display = [.. b.Display],
            Alerts = [.. b.Alerts],
            Counters = counters.IsDefault ? [.. b.Counters] : counters,
            Supplies = [.. b.Supplies],
            Trays = [.. b.Trays],
            Warnings = [.. b.Warnings],
        });
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
            b.Warn(string.Create(CultureInfo.InvariantCulture, $"{what}: {e.GetType().Name}: {e.Message}"));
            return default;
        }
    }
}
