using Kdfm.Hub.Portal.Fleet;
using Kdfm.Printers.Meters;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>The across-readings check of one counter (issue 14, <see cref="MeterTrust"/>): flags and billing values, reading by reading.</summary>
public sealed class MeterTrustTests
{
    private const string Back = MeterFlags.WentBackwards;

    /// <summary>Each reading's row as "value/billing/flags"; a reading is a number, or "number:flags" for the collector's flags.</summary>
    private static string[] Rows(params object[] readings) => RowsFrom(0, readings);

    /// <summary>The rows when the check starts with what breaks before lost: <paramref name="offset"/>.</summary>
    private static string[] RowsFrom(long offset, params object[] readings)
    {
        var parsed = readings.Select(r => r is string text && text.Split(':') is [var value, var flags]
            ? new MeterTrust.Reading(long.Parse(value, System.Globalization.CultureInfo.InvariantCulture), flags)
            : new MeterTrust.Reading(Convert.ToInt64(r, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        var rows = MeterTrust.Check(parsed, offset);
        return [.. parsed.Zip(rows, (r, row) => $"{r.Value}/{row.BillingValue}/{row.Flags}")];
    }

    [Fact]
    public void Readings_that_never_go_backwards_are_trusted_at_their_value()
    {
        Assert.Equal(["100/100/", "120/120/", "120/120/", "150/150/"], Rows(100, 120, 120, 150));
    }

    [Fact]
    public void One_low_reading_is_flagged_and_billed_at_the_last_trusted_value_and_a_later_one_above_it_resolves_it()
    {
        Assert.Equal(["100/100/", "120/120/", $"50/120/{Back}", "130/130/"], Rows(100, 120, 50, 130));
    }

    [Fact]
    public void A_board_swap_is_pending_until_three_consistent_readings_then_they_are_the_new_baseline_and_billing_continues()
    {
        // Two readings after the swap: not decided yet, billed at the last trusted value.
        Assert.Equal(["500000/500000/", "500100/500100/", $"0/500100/{Back}", $"40/500100/{Back}"], Rows(500000, 500100, 0, 40));

        // The third: a new baseline. The break keeps its flag; billing continues from 500100 (offset 500100 - 0), so the
        // period's pages, last billing value minus first (500250 - 500000), are (500100 - 500000) + (150 - 0).
        Assert.Equal(["500000/500000/", "500100/500100/", $"0/500100/{Back}", "40/500140/", "90/500190/", "150/500250/"], Rows(500000, 500100, 0, 40, 90, 150));
    }

    [Fact]
    public void One_spurious_high_reading_becomes_an_outlier_and_the_correct_readings_after_it_are_trusted()
    {
        Assert.Equal(["1000/1000/", "1100/1100/", $"99999/1100/{MeterFlags.Outlier}", "1200/1200/", "1300/1300/", "1400/1400/"],
            Rows(1000, 1100, 99999, 1200, 1300, 1400));
        // Until the third reading after it, the high value is the last trusted one.
        Assert.Equal(["1000/1000/", "1100/1100/", "99999/99999/", $"1200/99999/{Back}", $"1300/99999/{Back}"], Rows(1000, 1100, 99999, 1200, 1300));
    }

    [Fact]
    public void Readings_below_that_are_not_consistent_with_each_other_start_the_run_again()
    {
        // 10 then 5: a new run from 5; 5, 8, 12 make the baseline (offset 1000 - 5).
        Assert.Equal(["1000/1000/", $"10/1000/{Back}", $"5/1000/{Back}", "8/1003/", "12/1007/"], Rows(1000, 10, 5, 8, 12));
    }

    [Fact]
    public void The_collectors_flags_are_kept_and_billed_at_the_last_trusted_value_or_at_their_own_with_nothing_trusted_before()
    {
        Assert.Equal(["100/100/", "90/100/exceedsTotal", "110/110/"], Rows(100, "90:exceedsTotal", 110));
        Assert.Equal(["50/50/exceedsTotal", "40/40/"], Rows("50:exceedsTotal", 40));
        // Between the readings of a new baseline, a flagged reading is billed at the baseline reading before it.
        Assert.Equal(["1000/1000/", $"0/1000/{Back}", "5/1000/colorOnMono", "10/1010/", "20/1020/"], Rows(1000, 0, "5:colorOnMono", 10, 20));
    }

    [Fact]
    public void A_check_that_starts_from_a_stored_trusted_row_carries_its_offset()
    {
        // The stored rows had a break before: billing values are 500 above the readings.
        Assert.Equal(["100/600/", "120/620/", $"90/620/{Back}"], RowsFrom(500, 100, 120, 90));
    }
}
