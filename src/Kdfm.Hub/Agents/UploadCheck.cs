using System.Collections.Immutable;
using Kdfm.Agent;
using Kdfm.Hub.Storage;
using Reading = Kdfm.Agent.V1.Reading;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Judges an upload before the store takes it (pure: what the hub did before, its time and limits come in): each reading
/// on its own (<see cref="ReadingCheck"/>), the batch-level rules (positive, distinct sequences) here. A reading dealt
/// with before gets the same answer, without being parsed again.
/// <para>
/// The refusals the hub remembers, and how long (<see cref="RefusalFloor"/>). A refusal is remembered so that a resent
/// reading hears the same answer; each one counts <see cref="Refusal.ChargedBytes"/> against the agent's quota. When may
/// the hub forget one? An agent resends only readings it has not seen acknowledged, and every answer (Upload, Poll)
/// carries the acknowledgement; it sends its oldest readings first, so an upload's lowest sequence is where the agent's
/// unreleased readings begin: nothing below it will come again from that agent. An agent may have two uploads in flight
/// (<see cref="AgentCallGate.UploadsInFlightPerAgent"/>), and an answer may be lost, so the other upload's readings may
/// come again although this one starts higher. Hence both bounds: a refusal is dropped only when it lies below this
/// upload's lowest sequence and more than <see cref="RefusalWindow"/> sequences below the acknowledgement the hub had
/// before this upload (twice the readings of the two largest batches in flight). Forgetting too early costs little: a
/// reading resent after its refusal was dropped is judged again, and gets the same code unless its fault depended on the
/// time (<c>future</c>), when it is stored; the acknowledgement covers it either way.
/// </para>
/// </summary>
public static class UploadCheck
{
    public const long RefusalWindow = 2L * AgentCallGate.UploadsInFlightPerAgent * AgentGrpcService.MaxBatch;

    /// <summary>Refusals below this sequence may be dropped (see the type's remarks); 0 or less = none.</summary>
    public static long RefusalFloor(long acknowledgedBefore, long lowestOfBatch) => Math.Min(acknowledgedBefore - RefusalWindow, lowestOfBatch);

    /// <param name="earlier">What the store answered before for this batch's sequences (<see cref="IReadingStore.EarlierAnswersAsync"/>).</param>
    /// <param name="acknowledgedBefore">The agent's acknowledged sequence before this upload.</param>
    public static CheckedUpload Judge(IReadOnlyList<Reading> readings, IReadOnlyDictionary<long, ReadingRefusal?> earlier, long acknowledgedBefore,
        int maxReadingKilobytes, DateTimeOffset now)
    {
        var twice = SequencesSeenTwice(readings);
        var accepted = ImmutableArray.CreateBuilder<AcceptedReading>(readings.Count);
        var answers = ImmutableArray.CreateBuilder<ReadingRefusal>();
        var fresh = ImmutableArray.CreateBuilder<ReadingRefusal>();
        var again = ImmutableArray.CreateBuilder<ReadingRefusal>();
        var answered = new HashSet<long>();
        long high = 0, lowest = long.MaxValue;
        foreach (var reading in readings)
        {
            long sequence = reading.Sequence;
            if (sequence <= 0)
            {
                // It cannot be acknowledged by its sequence: refused here, never remembered, never moving the acknowledgement.
                Refuse(sequence, RefusalCodes.Malformed, $"sequence {sequence}: a reading needs a positive sequence number");
                continue;
            }

            high = Math.Max(high, sequence);
            lowest = Math.Min(lowest, sequence);
            if (earlier.TryGetValue(sequence, out var before))
            {
                if (before is not null && answered.Add(sequence))
                {
                    answers.Add(before);
                    again.Add(before);
                }

                continue; // stored before, or refused before
            }

            if (twice is not null && twice.Contains(sequence))
            {
                if (answered.Add(sequence))
                {
                    Refuse(sequence, RefusalCodes.Malformed, $"sequence {sequence} is twice in the batch: neither reading is stored");
                }

                continue;
            }

            switch (ReadingCheck.Check(reading, maxReadingKilobytes, now))
            {
                case ReadingVerdict.Accepted verdict:
                    accepted.Add(new AcceptedReading(sequence, reading.DeviceKey, reading.SnapshotJson, verdict.Address, verdict.CollectedAt, verdict.Bytes));
                    break;
                case ReadingVerdict.Refused refused:
                    Refuse(sequence, refused.Code, refused.Reason);
                    break;
            }
        }

        var batch = new IngestBatch(accepted.DrainToImmutable(), fresh.DrainToImmutable(), high, RefusalFloor(acknowledgedBefore, lowest), now);
        return new CheckedUpload(batch, answers.DrainToImmutable(), again.DrainToImmutable());

        void Refuse(long sequence, string code, string reason)
        {
            // Capped as it is remembered, so that a resend hears the same reason.
            var refusal = new ReadingRefusal(sequence, code, reason.Length > Refusal.MaxReasonLength ? reason[..(Refusal.MaxReasonLength - 1)] + "…" : reason);
            answers.Add(refusal);
            fresh.Add(refusal);
        }
    }

    private static HashSet<long>? SequencesSeenTwice(IReadOnlyList<Reading> readings)
    {
        var seen = new HashSet<long>(readings.Count);
        HashSet<long>? twice = null;
        foreach (var reading in readings)
        {
            if (!seen.Add(reading.Sequence))
            {
                (twice ??= []).Add(reading.Sequence);
            }
        }

        return twice;
    }
}
