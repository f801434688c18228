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

        return TerminalText.Printable(text.ToString());
    }

    /// <summary>One line per printer; text cells neutralised against spreadsheet formulas (<see cref="CsvCell"/>).</summary>
    public static string Csv(IEnumerable<DeviceSnapshot> snapshots)
    {
        var text = new StringBuilder("address,key,vendor,model,serial,firmware,mac,status,total,sameIdentityAs\n");
        foreach (var s in snapshots)
        {
            var total = s.Counters.FirstOrDefault(c => c.Name == "total")?.Value;
            var cells = new[] { s.Address, s.Key, s.Vendor, s.Model, s.Serial, s.Firmware, s.Mac, s.Status }.Select(CsvCell.Text)
                .Append(CsvCell.Number(total)).Append(CsvCell.Text(s.SameIdentityAs));
            text.Append(string.Join(',', cells)).Append('\n');
        }

        return text.ToString();
    }

    private static string? Cut(string? text, int width) => text is null || text.Length <= width ? text : text[..(width - 1)] + "…";
}
