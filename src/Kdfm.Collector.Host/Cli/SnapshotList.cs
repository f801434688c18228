using System.Globalization;
using System.Text;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Host.Cli;

/// <summary>Many snapshots as one line each (table) or as CSV, for scan and devices.</summary>
internal static class SnapshotList
{
    public static string Table(IEnumerable<DeviceSnapshot> snapshots)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{"address",-16} {"vendor",-10} {"model",-30} {"serial",-18} {"total",10} {"status",-9} lowest supply");
        foreach (var s in snapshots)
        {
            var total = s.Counters.FirstOrDefault(c => c.Name == "total")?.Value;
            var lowest = s.Supplies.Where(x => x.Percent is not null).OrderBy(x => x.Percent).FirstOrDefault();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"{s.Address,-16} {s.Vendor,-10} {Cut(s.Model, 30),-30} {Cut(s.Serial, 18),-18} {total,10:N0} {s.Status,-9} {(lowest is null ? "" : $"{lowest.Percent}% {lowest.Description}")}");
        }

        return text.ToString();
    }

    public static string Csv(IEnumerable<DeviceSnapshot> snapshots)
    {
        var text = new StringBuilder("address,key,vendor,model,serial,firmware,mac,status,total\n");
        foreach (var s in snapshots)
        {
            var total = s.Counters.FirstOrDefault(c => c.Name == "total")?.Value;
            text.AppendLine(string.Join(',', new[] { s.Address, s.Key, s.Vendor, s.Model, s.Serial, s.Firmware, s.Mac, s.Status, total?.ToString(CultureInfo.InvariantCulture) }.Select(CsvField)));
        }

        return text.ToString();
    }

    private static string CsvField(string? value) =>
        value is null ? string.Empty : value.IndexOfAny([',', '"', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string? Cut(string? text, int width) => text is null || text.Length <= width ? text : text[..(width - 1)] + "…";
}
