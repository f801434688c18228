namespace Kdfm.Hub.Storage;

/// <summary>
/// A device's latest state in a tenant: its latest reading (the snapshot is stored once, in the reading) and where it
/// was read from. Which reading is the latest: see the hub's README ("the latest reading").
/// </summary>
public sealed class Device
{
    public int TenantId { get; set; }

    public required string Key { get; set; }

    /// <summary>The agent that sent the latest reading.</summary>
    public required string AgentId { get; set; }

    public string Address { get; set; } = string.Empty;

    /// <summary>When the latest reading was collected by its agent's clock, but never later than the hub received it.</summary>
    public DateTimeOffset CollectedAt { get; set; }

    /// <summary>The <see cref="Reading.Id"/> of the latest reading.</summary>
    public long LastReadingId { get; set; }

    /// <summary>The agent's sequence number of the latest reading.</summary>
    public long LastSequence { get; set; }

    public long Readings { get; set; }

    // What the fleet pages list, search and filter on, taken from the latest reading by DeviceSummaries (not by the
    // ingest, which stays a plain insert): SummaryReadingId says which reading they come from.

    /// <summary>The reading the summary below was taken from (0 = none yet).</summary>
    public long SummaryReadingId { get; set; }

    public string? Vendor { get; set; }

    public string? Model { get; set; }

    public string? Serial { get; set; }

    public string? SysName { get; set; }

    public string? Location { get; set; }

    /// <summary>hrPrinterStatus (idle, printing, warmup, other, unknown), or down.</summary>
    public string? Status { get; set; }

    /// <summary>Set bits of hrPrinterDetectedErrorState.</summary>
    public int ErrorCount { get; set; }

    public int AlertCount { get; set; }

    /// <summary>The lowest supply level in percent, and which supply it is.</summary>
    public int? LowestSupplyPercent { get; set; }

    public string? LowestSupply { get; set; }

    /// <summary>The "total" page counter.</summary>
    public long? TotalPages { get; set; }

    /// <summary>Ports Device Web Access may open on this device beside the hub's and its tenant's (comma-separated, e.g. "9100").</summary>
    public string? WebAccessPorts { get; set; }
}
