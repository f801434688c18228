namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// A device's state as the fleet pages count and filter it, from its summary (SNAPSHOT.md <c>status</c> and
/// <c>errors</c>): down when it stopped answering, in error when hrPrinterDetectedErrorState has a bit set, up otherwise.
/// </summary>
public static class FleetStatus
{
    public const string Up = "up";
    public const string Down = "down";
    public const string Error = "error";

    /// <summary>The snapshot's status of a device that stopped answering.</summary>
    public const string DownStatus = "down";

    public static string Of(string? status, int errorCount) => status == DownStatus ? Down : errorCount > 0 ? Error : Up;
}
