namespace Kdfm.Printers.Meters;

/// <summary>
/// Why a meter reading cannot be trusted for billing (issue 14). A flagged counter stays in the snapshot with its value
/// and OID — it is data — but a biller must not use it: the hub keeps the last trusted value instead and shows the flag.
/// </summary>
public static class MeterFlags
{
    /// <summary>A function or colour counter larger than the total it is part of (the device's total, or its function's total).</summary>
    public const string ExceedsTotal = "exceedsTotal";

    /// <summary>A colour counter above zero on a device whose markers have one colorant (prtMarkerProcessColorants = 1).</summary>
    public const string ColorOnMono = "colorOnMono";

    /// <summary>Lower than the last trusted reading (a reset or a replaced board): told by the hub, which holds the readings before.</summary>
    public const string WentBackwards = "wentBackwards";
}
