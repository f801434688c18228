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

    /// <summary>The snapshot's <c>ping</c> in a reading of a device that stopped answering: what the collector's automatic ping found.</summary>
    public const string PingReplied = "replied";

    public const string PingNoReply = "noReply";

    /// <summary>The collector could not ping (no ping capability on its machine): the state says so rather than guess.</summary>
    public const string PingUnknown = "unknown";

    /// <summary>
    /// The state as a person reads it: a down device says what its automatic ping found — down (no echo reply), or up with
    /// its SNMP agent silent — or that it is unknown; a reading without a ping (an older collector) says down.
    /// </summary>
    public static string Text(string state, string? ping) => state != Down ? state : ping switch
    {
        PingReplied => "SNMP silent (answers ping)",
        PingNoReply => "down (no ping reply)",
        PingUnknown => "not answering SNMP (ping unknown)",
        _ => Down,
    };
}
