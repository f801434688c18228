using System.Collections.Immutable;

namespace Kdfm.Printers.Snapshot;

/// <summary>What the collector says about one printer: the contract of ../shared/SNAPSHOT.md (camelCase JSON).</summary>
public sealed record DeviceSnapshot
{
    public string? Source { get; init; }

    public string? Address { get; init; }

    public required string Key { get; init; }

    public DateTimeOffset CollectedAt { get; init; }

    public SnmpInfo? Snmp { get; init; }

    public string? SysObjectId { get; init; }

    public string? SysDescr { get; init; }

    public string? SysName { get; init; }

    public string? SysLocation { get; init; }

    public string? SysContact { get; init; }

    public long? UptimeSeconds { get; init; }

    /// <summary>The brand on the box (Dell, UTAX, Develop…): the key's prefix.</summary>
    public string? Vendor { get; init; }

    /// <summary>
    /// The maker of the engine: whose private MIB the device implements, as its sysObjectID's enterprise says (Lexmark
    /// for a Dell on a Lexmark engine, Kyocera for a UTAX). The same as <see cref="Vendor"/> for a device sold under
    /// its maker's name; null when no maker is known.
    /// </summary>
    public string? Engine { get; init; }

    public string? Model { get; init; }

    public string? Serial { get; init; }

    public string? Firmware { get; init; }

    public string? Mac { get; init; }

    public string? Status { get; init; }

    public ImmutableArray<string> Errors { get; init; } = [];

    /// <summary>What the printer's front panel shows (prtConsoleDisplayBufferText, or the vendor's status text), in its own character set.</summary>
    public ImmutableArray<string> Display { get; init; } = [];

    public ImmutableArray<Alert> Alerts { get; init; } = [];

    public ImmutableArray<Counter> Counters { get; init; } = [];

    public ImmutableArray<Supply> Supplies { get; init; } = [];

    public ImmutableArray<Tray> Trays { get; init; } = [];

    /// <summary>What could not be read and why (a broken value, an unknown enumeration); the rest of the snapshot stands.</summary>
    public ImmutableArray<string> Warnings { get; init; } = [];

    /// <summary>
    /// Only in a scan's output: this address answers with the identity (<see cref="Key"/>) of the device read at the
    /// address given here, which answers too (two interfaces, a cloned configuration). Absent otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? SameIdentityAs { get; init; }

    /// <summary>
    /// Only in the reading the collector writes when a device stops answering SNMP (<see cref="Status"/> <c>down</c>): what its
    /// automatic ping of the device's address found. <c>replied</c>: the device is up and its SNMP agent silent;
    /// <c>noReply</c>: no echo reply either (down); <c>unknown</c>: the collector may not ping on its machine. Absent otherwise.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Ping { get; init; }
}
