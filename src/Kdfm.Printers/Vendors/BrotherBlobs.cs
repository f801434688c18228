using Kdfm.Printers.Mib;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;

namespace Kdfm.Printers.Vendors;

/// <summary>
/// Brother's binary blobs (2435.2.3.9.4.2.1.5.5.{8,10,11,…}.0): a series of words, each a one-byte id, 01, 04 and a
/// four-byte big-endian value (older models, e.g. MFC-5490CN, use 01 02 and a two-byte value), then a checksum byte.
/// Every word of the counter blob (5.5.10) becomes a counter read from the blob's OID, with a standard name where the
/// id's meaning is known (facts from the brother library's tables: 00 total, 01 mono, 02 colour, 06 duplex, 12–15
/// per-colour, 16 image); the maintenance blob (5.5.8) holds remaining life in hundredths of a percent (6f–72 toner or
/// ink, 41 drum, 69 belt, 6a fuser, 6b laser, 6c/6d paper-feed kits), which become supplies; other words stay
/// vendor:brother.&lt;blob&gt;.&lt;id&gt; counters.
/// </summary>
internal static class BrotherBlobs
{
    private static readonly Oid Blobs = Oid.Parse("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5");

    private const uint CounterBlob = 10;
    private const uint MaintenanceBlob = 8;

    private static readonly Dictionary<byte, string> PageCounterIds = new()
    {
        [0x00] = "total",
        [0x01] = "mono",
        [0x02] = "color",
        [0x06] = "duplex",
        [0x12] = "vendor:black",
        [0x13] = "vendor:cyan",
        [0x14] = "vendor:magenta",
        [0x15] = "vendor:yellow",
        [0x16] = "vendor:image",
    };

    /// <summary>Remaining life in the maintenance blob: id → (description, kind, colour).</summary>
    private static readonly Dictionary<byte, (string Description, string Kind, string? Color)> RemainingIds = new()
    {
        [0x6f] = ("Black {0} remaining", "toner", "black"),
        [0x70] = ("Cyan {0} remaining", "toner", "cyan"),
        [0x71] = ("Magenta {0} remaining", "toner", "magenta"),
        [0x72] = ("Yellow {0} remaining", "toner", "yellow"),
        [0x41] = ("Drum remaining life", "opc", null),
        [0x69] = ("Belt unit remaining life", "transferUnit", null),
        [0x6a] = ("Fuser remaining life", "fuser", null),
        [0x6b] = ("Laser unit remaining life", "other", null),
        [0x6c] = ("Paper feed kit MP remaining life", "other", null),
        [0x6d] = ("Paper feed kit 1 remaining life", "other", null),
    };

    /// <summary>The status text at 2435.2.3.9.4.2.1.5.4.5.2.0: space-padded, in the printer's character set.</summary>
    private static readonly Oid StatusText = Oid.Parse("1.3.6.1.4.1.2435.2.3.9.4.2.1.5.4.5.2.0");

    public static void Decode(MibData mib, SnapshotBuilder b)
    {
        if (b.Display.Count == 0 && mib.Get(StatusText) is { Type: SnmpType.OctetString } status &&
            Text.OctetDecoder.Decode(status.Bytes, b.Charset) is { } text)
        {
            b.AddDisplay(string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries).Select(t => t.Trim())));
        }

        foreach (var (oid, suffix, value) in mib.Under(Blobs))
        {
            if (value.Type != SnmpType.OctetString || suffix.Length != 2 || suffix[1] != 0 || suffix[0] is 1 or 17)
            {
                continue;
            }

            var words = Words(value.Bytes);
            if (words is null)
            {
                continue;
            }

            foreach (var (id, number) in words)
            {
                if (suffix[0] == MaintenanceBlob && LegacyInkIds.TryGetValue(id, out var inkColor) && number <= 0xFFFF)
                {
                    long level = number >> 8;
                    long scale = number & 0xFF;
                    string label = char.ToUpperInvariant(inkColor[0]) + inkColor[1..];
                    b.AddSupply(Standard.StandardMibs.MakeSupply(0x100 + id, $"{label} ink remaining", "ink", inkColor, level, scale, oid.ToString()));
                    continue;
                }

                if (suffix[0] == MaintenanceBlob && RemainingIds.TryGetValue(id, out var remaining))
                {
                    // Hundredths of a percent: 2600 is 26 %.
                    string consumable = IsInkModel(b.Model) ? "ink" : "toner";
                    string kind = remaining.Kind == "toner" && consumable == "ink" ? "ink" : remaining.Kind;
                    var supply = Standard.StandardMibs.MakeSupply(0x100 + id, string.Format(System.Globalization.CultureInfo.InvariantCulture, remaining.Description, consumable),
                        kind, remaining.Color, number / 100, 100, oid.ToString());
                    b.AddSupply(supply);
                    continue;
                }

                // A name the standard MIBs already gave (the Printer MIB's total) leaves the blob's word a vendor counter.
                string word = $"brother.{suffix[0]}.{id:x2}";
                string? name = suffix[0] == CounterBlob && PageCounterIds.TryGetValue(id, out var standard) ? standard : null;
                if (name is not null && name.StartsWith(Meters.MeterNames.VendorPrefix, StringComparison.Ordinal))
                {
                    b.AddMeter(null, name[Meters.MeterNames.VendorPrefix.Length..], number, oid.ToString());
                }
                else
                {
                    b.AddMeter(name, word, number, oid.ToString());
                }
            }
        }
    }

    /// <summary>
    /// Older models (MFC-5490CN) use two-byte values in the maintenance blob: ids a1–a4 are black, cyan, magenta and
    /// yellow ink, the first byte the level and the second the scale (0x14 = 20 steps), e.g. 04 14 = 4/20 = 20 %.
    /// </summary>
    private static readonly Dictionary<byte, string> LegacyInkIds = new() { [0xa1] = "black", [0xa2] = "cyan", [0xa3] = "magenta", [0xa4] = "yellow" };

    /// <summary>Brother's inkjets are the DCP-J, MFC-J and MFC-T lines.</summary>
    private static bool IsInkModel(string? model) =>
        model is not null && (model.Contains("-J", StringComparison.OrdinalIgnoreCase) || model.Contains("-T", StringComparison.OrdinalIgnoreCase));

    /// <summary>The words of a blob, or null when it is not one (a length that fits neither word size).</summary>
    internal static List<(byte Id, long Value)>? Words(ReadOnlySpan<byte> blob)
    {
        foreach (int valueBytes in new[] { 4, 2 })
        {
            int wordBytes = 3 + valueBytes;
            int body = blob.Length - 1; // a checksum byte closes the blob
            if (body <= 0 || body % wordBytes != 0)
            {
                continue;
            }

            var words = new List<(byte, long)>();
            bool valid = true;
            for (int at = 0; at < body; at += wordBytes)
            {
                if (blob[at + 1] != 0x01 || blob[at + 2] != valueBytes)
                {
                    valid = false;
                    break;
                }

                long number = 0;
                for (int k = 0; k < valueBytes; k++)
                {
                    number = (number << 8) | blob[at + 3 + k];
                }

                words.Add((blob[at], number));
            }

            if (valid)
            {
                return words;
            }
        }

        return null;
    }
}
