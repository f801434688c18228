using Google.Protobuf;
using Kdfm.Collector.Persistence;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Tests;

/// <summary>A persisted snapshot keeps what issue 14 adds to a counter: the OIDs a derived sum came from and its flags.</summary>
public class SnapshotProtoTests
{
    [Fact]
    public void Derived_and_flagged_counters_survive_the_journal()
    {
        var snapshot = new DeviceSnapshot
        {
            Key = "kyocera:VCF9192281",
            Counters =
            [
                new Counter("print.mono", 14730, null, "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1"),
                new Counter("mono", 33854, null, "1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1+1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1")
                {
                    DerivedFrom = ["1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1", "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1"],
                    Flags = ["exceedsTotal"],
                },
            ],
        };
        var bytes = SnapshotProto.ToProto(snapshot).ToByteArray();
        var back = SnapshotProto.FromProto(Kdfm.Collector.Persistence.Proto.Snapshot.Parser.ParseFrom(bytes));
        Assert.Null(back.Counters[0].DerivedFrom);
        Assert.Null(back.Counters[0].Flags);
        Assert.Equal(["1.3.6.1.4.1.1347.42.3.1.2.1.1.1.1", "1.3.6.1.4.1.1347.42.3.1.2.1.1.2.1"], back.Counters[1].DerivedFrom!.Value.ToArray());
        Assert.Equal(["exceedsTotal"], back.Counters[1].Flags!.Value.ToArray());
        Assert.Equal((33854L, snapshot.Counters[1].Oid), (back.Counters[1].Value, back.Counters[1].Oid));
    }
}
