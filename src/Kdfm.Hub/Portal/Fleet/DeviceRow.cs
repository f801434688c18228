namespace Kdfm.Hub.Portal.Fleet;

/// <summary>A device as the devices list and its CSV show it: its summary (<see cref="DeviceSummaries"/>) and where it was read.</summary>
public sealed record DeviceRow(
    string Tenant, string Key, string? SysName, string? Vendor, string? Model, string? Serial, string Address, string? Location, string? Status, int ErrorCount,
    int AlertCount, int? LowestSupplyPercent, string? LowestSupply, long? TotalPages, DateTimeOffset CollectedAt, string? Ping = null)
{
    /// <summary>Up, down or error (<see cref="FleetStatus"/>).</summary>
    public string State => FleetStatus.Of(Status, ErrorCount);

    /// <summary>The state in words, a down device's with what its automatic ping found (<see cref="FleetStatus.Text"/>; <see cref="Ping"/> from its latest reading).</summary>
    public string StateText => FleetStatus.Text(State, Ping);

    /// <summary>The name a person knows it by: its sysName, else its key.</summary>
    public string Name => SysName ?? Key;
}
