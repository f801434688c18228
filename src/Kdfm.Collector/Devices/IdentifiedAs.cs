namespace Kdfm.Collector.Devices;

/// <summary>What the first reading of an address says about it (<see cref="DeviceDirectory.Classify"/>).</summary>
public enum IdentifiedAs
{
    /// <summary>A key nobody has: a new device.</summary>
    NewDevice,

    /// <summary>The address is already the device's primary.</summary>
    Primary,

    /// <summary>A known device's key at another address: it moved, or it answers at two addresses.</summary>
    OtherAddress,
}
