using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>RFC 3414 §3.2 step 7b for a non-authoritative engine, as a pure function of the notion, the message and the time.</summary>
public class EngineClockTests
{
    private static readonly EngineInfo Notion = new([0x80, 0, 0, 0, 5, 1], Boots: 3, Time: 1000, HeardAtMs: 0);

    [Theory]
    [InlineData(3, 1000, 0, true, 3, 1000)]        // what we know
    [InlineData(3, 900, 0, true, 3, 1000)]         // 100 s behind: inside, no update
    [InlineData(3, 850, 0, true, 3, 1000)]         // exactly 150 s behind: still inside
    [InlineData(3, 849, 0, false, 3, 1000)]        // more than 150 s behind
    [InlineData(3, 1000, 200_000, false, 3, 1000)] // the notion moved on by our clock: 200 s later, 1000 is stale
    [InlineData(3, 1190, 200_000, true, 3, 1190)]  // a later time moves the notion (step 7b(1))
    [InlineData(2, 5000, 0, false, 3, 1000)]       // an earlier boot
    [InlineData(4, 1, 0, true, 4, 1)]              // a later boot: the engine restarted
    [InlineData(int.MaxValue, 1, 0, false, 3, 1000)] // the last boot: outside (§2.2.1), and not taken as the notion
    public void Heard(int boots, int time, long nowMs, bool inWindow, int notionBoots, int notionTime)
    {
        var (notion, inside) = Notion.Heard(boots, time, nowMs);
        Assert.Equal((inWindow, notionBoots, notionTime), (inside, notion.Boots, notion.Time));
    }

    [Fact]
    public void An_engine_whose_boots_reached_their_end_is_never_in_the_window()
    {
        var (_, inside) = (Notion with { Boots = int.MaxValue }).Heard(int.MaxValue, 1000, 0);
        Assert.False(inside);
    }
}
