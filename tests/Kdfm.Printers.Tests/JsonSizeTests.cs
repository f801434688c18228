using System.Text;
using System.Text.Json;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers.Tests;

/// <summary>
/// The budget's estimate of the JSON held to the serialiser: never below it, exact for ASCII text and for rows whose
/// numbers are at their widest (so a property added to a record, and not to the estimate, fails here).
/// </summary>
public class JsonSizeTests
{
    private static readonly JsonSerializerOptions CompactOptions = new(SnapshotJson.Options) { WriteIndented = false };

    /// <summary>As <see cref="SnapshotJson.SerializeCompact"/> writes it inside a snapshot.</summary>
    private static int Serialized<T>(T value) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(value, CompactOptions));

    private static int Compact(DeviceSnapshot s) => Encoding.UTF8.GetByteCount(SnapshotJson.SerializeCompact(s));

    [Fact]
    public void Every_character_costs_at_least_what_the_serializer_writes_and_ascii_exactly_that()
    {
        for (int c = 0; c <= char.MaxValue; c++)
        {
            if (char.IsSurrogate((char)c))
            {
                continue;
            }

            string text = ((char)c).ToString();
            int estimate = JsonSize.Of(text), actual = Serialized(text);
            Assert.True(c < 0x80 ? estimate == actual : estimate >= actual, $"U+{c:X4}: estimated {estimate}, written {actual}");
        }

        Assert.InRange(Serialized("\U0001F5A8"), 0, JsonSize.Of("\U0001F5A8")); // 🖨, a surrogate pair
        Assert.Equal(4, JsonSize.Of((string?)null));
        Assert.Equal(Serialized((string?)null), JsonSize.Of((string?)null));
    }

    [Fact]
    public void Rows_with_their_widest_numbers_are_estimated_exactly()
    {
        const string Text = "Toner \"K\"\n\u0001 é €";
        Assert.Equal(Serialized(new Alert(int.MinValue, Text, Text, Text, Text, int.MinValue)), JsonSize.Of(new Alert(int.MinValue, Text, Text, Text, Text, int.MinValue)));
        Assert.Equal(Serialized(new Counter(Text, long.MinValue, Text, Text)), JsonSize.Of(new Counter(Text, long.MinValue, Text, Text)));
        var derived = new Counter(Text, long.MinValue, Text, Text) { DerivedFrom = [Text, Text], Flags = [Text] };
        Assert.Equal(Serialized(derived), JsonSize.Of(derived));
        var empty = derived with { DerivedFrom = [], Flags = null };
        Assert.Equal(Serialized(empty), JsonSize.Of(empty));
        var supply = new Supply(int.MinValue, Text, Text, Text, long.MinValue, long.MinValue, int.MinValue, Text, Text);
        Assert.Equal(Serialized(supply), JsonSize.Of(supply));
        var tray = new Tray(int.MinValue, Text, Text, long.MinValue, long.MinValue, Text);
        Assert.Equal(Serialized(tray), JsonSize.Of(tray));
    }

    [Fact]
    public void Rows_with_nulls_are_never_underestimated()
    {
        var alert = new Alert(1, null, null, null, null, null);
        var supply = new Supply(1, null, null, null, null, null, null, "ok", null);
        var tray = new Tray(1, null, null, null, null, "ok");
        Assert.InRange(Serialized(alert), 0, JsonSize.Of(alert));
        Assert.InRange(Serialized(supply), 0, JsonSize.Of(supply));
        Assert.InRange(Serialized(tray), 0, JsonSize.Of(tray));
    }

    [Fact]
    public void The_frame_of_a_snapshot_with_its_widest_values_is_estimated_exactly()
    {
        const string Text = "KYOCERA \"Document\" Solutions\r\n\u0007 ü";
        var s = new DeviceSnapshot
        {
            Source = Text, Address = Text, Key = Text, CollectedAt = new DateTimeOffset(2026, 11, 27, 10, 0, 0, TimeSpan.FromHours(5.5)).AddTicks(1234567),
            Snmp = new SnmpInfo(Text, long.MinValue, int.MinValue), SysObjectId = Text, SysDescr = Text, SysName = Text, SysLocation = Text,
            SysContact = Text, UptimeSeconds = long.MinValue, Vendor = Text, Engine = Text, Model = Text, Serial = Text, Firmware = Text,
            Mac = Text, Status = Text, Errors = ["lowToner"],
        };
        Assert.Equal(Compact(s) + 1, JsonSize.Frame(s)); // the one comma counted after the only error
        Assert.Equal(Compact(s with { Errors = [] }), JsonSize.Frame(s with { Errors = [] }));
        Assert.Equal(Compact(s with { Errors = [], SameIdentityAs = Text }), JsonSize.Frame(s with { Errors = [], SameIdentityAs = Text }));
        Assert.Equal(Compact(s with { Errors = [], Ping = Text }), JsonSize.Frame(s with { Errors = [], Ping = Text }));
        Assert.Equal(Compact(s with { Errors = [], Snmp = null, Source = null }), JsonSize.Frame(s with { Errors = [], Snmp = null, Source = null }));
    }
}
