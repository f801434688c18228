namespace Kdfm.Hub.Storage;

/// <summary>What became of a batch: stored, or nothing of it stored because it would take the agent over its quota.</summary>
public abstract record IngestOutcome
{
    private IngestOutcome()
    {
    }

    /// <param name="Stored">Readings of this batch stored now (the others were stored before, or refused).</param>
    public sealed record Done(int Stored) : IngestOutcome;

    /// <param name="StoredBytes">What the agent stores (its readings' JSON and remembered refusals).</param>
    /// <param name="BatchBytes">What this batch would have added.</param>
    public sealed record OverQuota(long StoredBytes, long BatchBytes) : IngestOutcome;
}
