using Kdfm.Hub.Portal;

namespace Kdfm.Hub.Tests.Portal;

public sealed class PortalTextTests
{
    [Theory]
    [InlineData(7500L, 15000L, "7,500 / 15,000")]
    [InlineData(-3L, -2L, "some left")]
    [InlineData(-3L, 15000L, "some left")]
    [InlineData(-2L, 15000L, "unknown")]
    [InlineData(-1L, -1L, "not given")]
    [InlineData(null, null, "unknown")]
    [InlineData(40L, -2L, "40")]
    [InlineData(0L, 100L, "0 / 100")]
    public void A_supply_amount_reads_the_printer_mibs_special_values_as_words(long? level, long? capacity, string shown) =>
        Assert.Equal(shown, PortalText.SupplyAmount(level, capacity));

    [Fact]
    public void How_long_ago_is_said_in_the_singular_for_one_day()
    {
        var now = new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal(["just now", "5 min ago", "3 h ago", "1 day ago", "2 days ago", "never"],
            new DateTimeOffset?[] { now.AddSeconds(-10), now.AddMinutes(-5), now.AddHours(-3), now.AddHours(-30), now.AddDays(-2), null }.Select(t => PortalText.Ago(t, now)));
        Assert.Equal(["1 alert", "2 alerts", "1,234 alerts"], new long[] { 1, 2, 1234 }.Select(n => PortalText.Count(n, "alert", "alerts")));
    }
}
