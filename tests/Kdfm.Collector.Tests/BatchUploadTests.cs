using Kdfm.Collector.Gateway;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Tests;

/// <summary>What goes in one upload and where the outbox stands after it: pure decisions, no hub.</summary>
public class BatchUploadTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static JournalOutbox.Pending Reading(long sequence, int modelChars = 10) =>
        new(sequence, new DeviceSnapshot { Key = $"hp:S{sequence}", Model = new string('m', modelChars) });

    private static JournalOutbox.Pending Damaged(long sequence) => new(sequence, null, "truncated message");

    [Fact]
    public void Readings_go_until_the_byte_budget_is_spent_and_the_rest_waits_for_the_next_upload()
    {
        int size = System.Text.Encoding.UTF8.GetByteCount(SnapshotJson.SerializeCompact(Reading(11, 1000).Snapshot!));
        var plan = BatchUpload.Plan([Reading(11, 1000), Reading(12, 1000), Reading(13, 1000)], 10, 2 * size + 10, Now);

        Assert.Equal([11L, 12L], plan.Readings.Select(r => r.Sequence));
        Assert.Empty(plan.Skipped);
        Assert.Equal((12L, 12L), (plan.LastSent, plan.LastLooked));
    }

    [Fact]
    public void The_first_reading_goes_even_over_the_budget_but_one_over_the_limit_of_an_upload_is_skipped()
    {
        var plan = BatchUpload.Plan([Reading(11, BatchUpload.MaxBytes + 1), Reading(12, 4000), Damaged(13), Reading(14, 10)], 10, 1000, Now);

        Assert.Equal([12L], plan.Readings.Select(r => r.Sequence));
        Assert.Equal([(11L, Refusal.NotSent), (13L, Refusal.NotSent)], plan.Skipped.Select(s => (s.Sequence, s.Code)));
        Assert.Equal((12L, 13L), (plan.LastSent, plan.LastLooked)); // 14 waits: the budget is spent
    }

    [Fact]
    public void A_reading_over_the_limit_the_hub_gave_is_skipped_as_not_sent()
    {
        var plan = BatchUpload.Plan([Reading(11, 3000), Reading(12, 10)], 10, 100_000, Now, limit: 2000);

        Assert.Equal([12L], plan.Readings.Select(r => r.Sequence));
        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal(11, skipped.Sequence);
        Assert.Contains("more than an upload may carry (2,000)", skipped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_damaged_reading_is_skipped_with_its_problem_and_the_others_go()
    {
        var plan = BatchUpload.Plan([Reading(11), Damaged(12), Reading(13)], 10, BatchUpload.MaxBytes, Now);

        Assert.Equal([11L, 13L], plan.Readings.Select(r => r.Sequence));
        var skipped = Assert.Single(plan.Skipped);
        Assert.Equal((12L, Refusal.NotSent), (skipped.Sequence, skipped.Code));
        Assert.Contains("truncated message", skipped.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(13, 14)] // the hub confirms the last reading sent: the skipped one after it goes too
    [InlineData(20, 14)] // the hub holds more (readings from before): no further than this upload looked
    [InlineData(12, 12)] // the hub confirms part of it: up to there
    [InlineData(5, 10)] // the hub confirms nothing new: the position stays
    public void The_position_moves_only_as_far_as_the_hub_confirms(long hubAcknowledged, long expected)
    {
        var plan = BatchUpload.Plan([Reading(11), Reading(12), Reading(13), Damaged(14)], 10, BatchUpload.MaxBytes, Now);
        Assert.Equal((13L, 14L), (plan.LastSent, plan.LastLooked));

        Assert.Equal(expected, BatchUpload.Acknowledged(hubAcknowledged, plan, 10));
    }

    [Fact]
    public void An_upload_of_skipped_readings_only_moves_past_them_without_the_hub()
    {
        var plan = BatchUpload.Plan([Damaged(11), Damaged(12)], 10, BatchUpload.MaxBytes, Now);

        Assert.Empty(plan.Readings);
        Assert.Equal(12, BatchUpload.Acknowledged(0, plan, 10));
    }
}
