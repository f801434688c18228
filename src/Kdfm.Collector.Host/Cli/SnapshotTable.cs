using System.Globalization;
using System.Text;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Host.Cli;

/// <summary>A snapshot as a technician wants it on a terminal: identity, counters, supplies as bars, alerts.</summary>
internal static class SnapshotTable
{
    public static string Render(DeviceSnapshot s)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{s.Vendor ?? "?"} {s.Model ?? "(unknown model)"}   serial {s.Serial ?? "-"}   firmware {s.Firmware ?? "-"}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  key {s.Key}   {s.Address ?? s.Source}   mac {s.Mac ?? "-"}   status {s.Status ?? "-"}{(s.Errors.IsEmpty ? "" : "   errors " + string.Join(", ", s.Errors))}");
        if (s.SysName is not null || s.SysLocation is not null)
        {
            string where = s.SysLocation is { Length: > 0 } l ? "@ " + l : string.Empty;
            text.Append("  ").AppendLine($"{s.SysName} {where}".TrimEnd());
        }

        if (!s.Counters.IsEmpty)
        {
            text.AppendLine("  Counters");
            foreach (var c in s.Counters)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {c.Name,-32} {c.Value,12:N0} {c.Unit}");
            }
        }

        if (!s.Supplies.IsEmpty)
        {
            text.AppendLine("  Supplies");
            foreach (var supply in s.Supplies)
            {
                string bar = supply.Percent is { } p ? "[" + new string('#', p / 5) + new string('.', 20 - p / 5) + $"] {p,3}%" : $"[{supply.State,-20}]     ";
                text.AppendLine(CultureInfo.InvariantCulture, $"    {bar}  {supply.Description ?? supply.Kind}{(supply.Color is null ? "" : $" ({supply.Color})")}");
            }
        }

        if (!s.Trays.IsEmpty)
        {
            text.AppendLine("  Trays");
            foreach (var tray in s.Trays)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {tray.Name ?? tray.Index.ToString(CultureInfo.InvariantCulture),-20} {tray.Media,-10} {tray.Level?.ToString(CultureInfo.InvariantCulture) ?? "?"}/{tray.Capacity?.ToString(CultureInfo.InvariantCulture) ?? "?"} {tray.State}");
            }
        }

        if (!s.Alerts.IsEmpty)
        {
            text.AppendLine("  Alerts");
            foreach (var alert in s.Alerts)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"    {alert.Severity,-9} {alert.Code,-32} {alert.Description}");
            }
        }

        foreach (var warning in s.Warnings)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  warning: {warning}");
        }

        return TerminalText.Printable(text.ToString());
    }
}
