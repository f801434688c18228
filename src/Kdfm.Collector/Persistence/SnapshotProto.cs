using Kdfm.Printers.Snapshot;
using P = Kdfm.Collector.Persistence.Proto;

namespace Kdfm.Collector.Persistence;

/// <summary>DeviceSnapshot ↔ its protobuf form, field for field.</summary>
internal static class SnapshotProto
{
    public static P.Snapshot ToProto(DeviceSnapshot s)
    {
        var p = new P.Snapshot { Key = s.Key, CollectedAtUnixMs = s.CollectedAt.ToUnixTimeMilliseconds() };
        if (s.Source is { } source) p.Source = source;
        if (s.Address is { } address) p.Address = address;
        if (s.Snmp is { } snmp) p.Snmp = new P.SnmpInfo { Version = snmp.Version, ElapsedMs = snmp.ElapsedMs, Requests = snmp.Requests };
        if (s.SysObjectId is { } id) p.SysObjectId = id;
        if (s.SysDescr is { } descr) p.SysDescr = descr;
        if (s.SysName is { } name) p.SysName = name;
        if (s.SysLocation is { } location) p.SysLocation = location;
        if (s.SysContact is { } contact) p.SysContact = contact;
        if (s.UptimeSeconds is { } uptime) p.UptimeSeconds = uptime;
        if (s.Vendor is { } vendor) p.Vendor = vendor;
        if (s.Engine is { } engine) p.Engine = engine;
        if (s.Model is { } model) p.Model = model;
        if (s.Serial is { } serial) p.Serial = serial;
        if (s.Firmware is { } firmware) p.Firmware = firmware;
        if (s.Mac is { } mac) p.Mac = mac;
        if (s.Status is { } status) p.Status = status;
        if (s.Ping is { } ping) p.Ping = ping;
        p.Errors.AddRange(s.Errors);
        p.Display.AddRange(s.Display);
        p.Warnings.AddRange(s.Warnings);
        foreach (var a in s.Alerts)
        {
            var alert = new P.Alert { Index = a.Index };
            if (a.Severity is { } severity) alert.Severity = severity;
            if (a.Group is { } group) alert.Group = group;
            if (a.Code is { } code) alert.Code = code;
            if (a.Description is { } d) alert.Description = d;
            if (a.Location is { } l) alert.Location = l;
            p.Alerts.Add(alert);
        }

        foreach (var c in s.Counters)
        {
            var counter = new P.Counter { Name = c.Name, Value = c.Value, Oid = c.Oid };
            if (c.Unit is { } unit) counter.Unit = unit;
            if (c.DerivedFrom is { } from) counter.DerivedFrom.AddRange(from);
            if (c.Flags is { } flags) counter.Flags.AddRange(flags);
            p.Counters.Add(counter);
        }

        foreach (var x in s.Supplies)
        {
            var supply = new P.Supply { Index = x.Index, State = x.State };
            if (x.Description is { } d) supply.Description = d;
            if (x.Kind is { } k) supply.Kind = k;
            if (x.Color is { } c) supply.Color = c;
            if (x.Level is { } level) supply.Level = level;
            if (x.Capacity is { } capacity) supply.Capacity = capacity;
            if (x.Percent is { } percent) supply.Percent = percent;
            if (x.Oid is { } oid) supply.Oid = oid;
            p.Supplies.Add(supply);
        }

        foreach (var t in s.Trays)
        {
            var tray = new P.Tray { Index = t.Index, State = t.State };
            if (t.Name is { } n) tray.Name = n;
            if (t.Media is { } m) tray.Media = m;
            if (t.Level is { } level) tray.Level = level;
            if (t.Capacity is { } capacity) tray.Capacity = capacity;
            p.Trays.Add(tray);
        }

        return p;
    }

    public static DeviceSnapshot FromProto(P.Snapshot p) => new()
    {
        Source = p.HasSource ? p.Source : null,
        Address = p.HasAddress ? p.Address : null,
        Key = p.Key,
        CollectedAt = DateTimeOffset.FromUnixTimeMilliseconds(p.CollectedAtUnixMs),
        Snmp = p.Snmp is { } snmp ? new SnmpInfo(snmp.Version, snmp.ElapsedMs, snmp.Requests) : null,
        SysObjectId = p.HasSysObjectId ? p.SysObjectId : null,
        SysDescr = p.HasSysDescr ? p.SysDescr : null,
        SysName = p.HasSysName ? p.SysName : null,
        SysLocation = p.HasSysLocation ? p.SysLocation : null,
        SysContact = p.HasSysContact ? p.SysContact : null,
        UptimeSeconds = p.HasUptimeSeconds ? p.UptimeSeconds : null,
        Vendor = p.HasVendor ? p.Vendor : null,
        Engine = p.HasEngine ? p.Engine : null,
        Model = p.HasModel ? p.Model : null,
        Serial = p.HasSerial ? p.Serial : null,
        Firmware = p.HasFirmware ? p.Firmware : null,
        Mac = p.HasMac ? p.Mac : null,
        Status = p.HasStatus ? p.Status : null,
        Ping = p.HasPing ? p.Ping : null,
        Errors = [.. p.Errors],
        Display = [.. p.Display],
        Warnings = [.. p.Warnings],
        Alerts = [.. p.Alerts.Select(a => new Alert(a.Index, a.HasSeverity ? a.Severity : null, a.HasGroup ? a.Group : null, a.HasCode ? a.Code : null,
            a.HasDescription ? a.Description : null, a.HasLocation ? a.Location : null))],
        Counters = [.. p.Counters.Select(c => new Counter(c.Name, c.Value, c.HasUnit ? c.Unit : null, c.Oid)
        {
            DerivedFrom = c.DerivedFrom.Count > 0 ? [.. c.DerivedFrom] : null,
            Flags = c.Flags.Count > 0 ? [.. c.Flags] : null,
        })],
        Supplies = [.. p.Supplies.Select(x => new Supply(x.Index, x.HasDescription ? x.Description : null, x.HasKind ? x.Kind : null, x.HasColor ? x.Color : null,
            x.HasLevel ? x.Level : null, x.HasCapacity ? x.Capacity : null, x.HasPercent ? x.Percent : null, x.State, x.HasOid ? x.Oid : null))],
        Trays = [.. p.Trays.Select(t => new Tray(t.Index, t.HasName ? t.Name : null, t.HasMedia ? t.Media : null, t.HasLevel ? t.Level : null,
            t.HasCapacity ? t.Capacity : null, t.State))],
    };
}
