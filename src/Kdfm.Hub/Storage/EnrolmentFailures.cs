namespace Kdfm.Hub.Storage;

/// <summary>
/// Wrong guesses at one enrolment code id, known or not: every failed attempt writes here the same way (one upsert), so
/// that an unknown id costs the same committed write as a known one and timing tells nothing. At most one row per id (four
/// characters of the code alphabet), a new code starts from none, and rows of ids without a live code are dropped a day
/// after their last failure (<c>Enrolment.ForgetFailuresAsync</c>).
/// </summary>
public sealed class EnrolmentFailures
{
    public required string CodeId { get; set; }

    public int Count { get; set; }

    public DateTimeOffset LastFailedAt { get; set; }
}
