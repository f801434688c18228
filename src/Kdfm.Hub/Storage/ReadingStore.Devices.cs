namespace Kdfm.Hub.Storage;

/// <summary>A device's latest reading: the rule both databases apply, as one upsert.</summary>
internal abstract partial class ReadingStore
{
    /// <summary>
    /// How much earlier than a device's latest reading another agent's reading may have been collected and still
    /// replace it (it was received later). Beyond it, the reading is a backlog (an agent back from hours offline) and the
    /// fresher state stays. Times are the agents' clocks bounded by the hub's (a reading never counts as later than its
    /// receipt, and one more than <c>ReadingCheck.FutureTolerance</c> ahead is refused), so a stamp ahead cannot
    /// hold a device's latest reading.
    /// </summary>
    public static readonly TimeSpan OtherAgentTolerance = TimeSpan.FromMinutes(5);

    /// <summary>The columns of a device row, in the order both subclasses give them.</summary>
    protected const string InsertDevice = """INSERT INTO "Devices" ("TenantId", "Key", "AgentId", "Address", "CollectedAt", "LastReadingId", "LastSequence", "Readings")""";

    /// <summary>
    /// Whether the incoming reading ("excluded") replaces the device's latest: from the same agent, when its sequence is
    /// higher (the agent's own order, whatever its clock says); from another agent, since it is received later, unless it
    /// was collected more than <see cref="OtherAgentTolerance"/> before the latest.
    /// </summary>
    private static readonly string Replaces = $"""
        ((excluded."AgentId" = "Devices"."AgentId" AND excluded."LastSequence" > "Devices"."LastSequence")
         OR (excluded."AgentId" <> "Devices"."AgentId" AND excluded."CollectedAt" >= "Devices"."CollectedAt" - {(long)OtherAgentTolerance.TotalMilliseconds}))
        """;

    /// <summary>What follows the device rows of <see cref="InsertDevice"/>: a known device counts the readings and takes the latest by <see cref="Replaces"/>.</summary>
    protected static readonly string UpsertDevice = $"""
        ON CONFLICT ("TenantId", "Key") DO UPDATE SET
          "Readings" = "Devices"."Readings" + excluded."Readings",
          "AgentId" = CASE WHEN {Replaces} THEN excluded."AgentId" ELSE "Devices"."AgentId" END,
          "Address" = CASE WHEN {Replaces} THEN excluded."Address" ELSE "Devices"."Address" END,
          "LastReadingId" = CASE WHEN {Replaces} THEN excluded."LastReadingId" ELSE "Devices"."LastReadingId" END,
          "LastSequence" = CASE WHEN {Replaces} THEN excluded."LastSequence" ELSE "Devices"."LastSequence" END,
          "CollectedAt" = CASE WHEN {Replaces} THEN excluded."CollectedAt" ELSE "Devices"."CollectedAt" END
        """;
}
