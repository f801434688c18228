using System.Data.Common;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The refusals the hub remembers (<see cref="Refusal"/>): a resent reading hears the same answer. Each counts
/// <see cref="Refusal.ChargedBytes"/> against the agent's quota, so an agent sending readings that are all refused still
/// cannot grow the table without bound; how long one is kept is the batch's floor (<c>Agents/UploadCheck.RefusalFloor</c>).
/// </summary>
internal abstract partial class ReadingStore
{
    /// <summary>The refusals to remember: those with a sequence the agent can name again. Returns how many rows were added.</summary>
    private static async Task<int> InsertRefusalsAsync(DbConnection connection, DbTransaction transaction, AgentRecord agent, IReadOnlyList<ReadingRefusal> fresh,
        long now, CancellationToken cancellationToken)
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
            sequence.Value = refusal.Sequence;
            code.Value = refusal.Code;
            reason.Value = refusal.Reason;
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
