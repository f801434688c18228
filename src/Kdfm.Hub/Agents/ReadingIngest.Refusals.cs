using System.Data.Common;
using Kdfm.Agent.V1;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Agents;

/// <summary>
/// The refusals the hub remembers, and how long. A refusal is remembered so that a resent reading hears the same answer
/// (<see cref="Refusal"/>); each one counts <see cref="Refusal.ChargedBytes"/> against the agent's quota, so an agent
/// sending readings that are all refused still cannot grow the table without bound.
/// <para>
/// When may the hub forget one? An agent resends only readings it has not seen acknowledged, and every answer (Upload,
/// Poll) carries the acknowledgement; it sends its oldest readings first, so an upload's lowest sequence is where the
/// agent's unreleased readings begin: nothing below it will come again from that agent. An agent may have two uploads in
/// flight (<see cref="AgentCallGate.UploadsInFlightPerAgent"/>), and an answer may be lost, so the other upload's
/// readings may come again although this one starts higher. Hence both bounds: a refusal is dropped only when it lies
/// below this upload's lowest sequence and more than <see cref="RefusalWindow"/> sequences below the acknowledgement the
/// hub had before this upload (twice the readings of the two largest batches in flight). Forgetting too early costs
/// little: a reading resent after its refusal was dropped is judged again, and gets the same code unless its fault
/// depended on the time (<c>future</c>), when it is stored; the acknowledgement covers it either way.
/// </para>
/// </summary>
internal sealed partial class ReadingIngest
{
    public const long RefusalWindow = 2L * AgentCallGate.UploadsInFlightPerAgent * AgentGrpcService.MaxBatch;

    /// <summary>Refusals below this sequence may be dropped (see the type's remarks); 0 or less = none.</summary>
    public static long RefusalFloor(long acknowledgedBefore, long lowestOfBatch) => Math.Min(acknowledgedBefore - RefusalWindow, lowestOfBatch);

    /// <summary>The refusals to remember: those with a sequence the agent can name again. Returns how many rows were added.</summary>
    private static async Task<int> InsertRefusalsAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, List<RefusedReading> fresh, long now,
        CancellationToken cancellationToken)
    {
        if (!fresh.Any(r => r.Sequence > 0))
        {
            return 0;
        }

        await using var insert = AgentCommand(connection, transaction, agent, """
            INSERT INTO "Refusals" ("AgentId", "Sequence", "Code", "Reason", "At") VALUES (@agent, @sequence, @code, @reason, @now)
            ON CONFLICT ("AgentId", "Sequence") DO NOTHING
            """, tenant: false);
        Add(insert, "now", now);
        var sequence = Add(insert, "sequence", 0L);
        var code = Add(insert, "code", string.Empty);
        var reason = Add(insert, "reason", string.Empty);
        int added = 0;
        foreach (var refusal in fresh.Where(r => r.Sequence > 0))
        {
            (sequence.Value, code.Value, reason.Value) = (refusal.Sequence, refusal.Code, refusal.Reason);
            added += await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return added;
    }

    /// <summary>Drops the agent's refusals below <paramref name="floor"/>; returns how many (their bytes go back to the quota).</summary>
    private static async Task<int> DropRefusalsBelowAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, long floor,
        CancellationToken cancellationToken)
    {
        if (floor <= 1)
        {
            return 0;
        }

        await using var delete = AgentCommand(connection, transaction, agent, """DELETE FROM "Refusals" WHERE "AgentId" = @agent AND "Sequence" < @floor""", tenant: false);
        Add(delete, "floor", floor);
        return await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
