namespace Kdfm.Printers.Snapshot;

/// <summary>
/// One marker supply. Level and capacity are the device's raw numbers; percent is level × 100 / capacity when both
/// are known; the RFC 3805 sentinels are states (someRemaining −3, unknown −2, other −1), never numbers.
/// </summary>
public sealed record Supply(
    int Index, string? Description, string? Kind, string? Color, long? Level, long? Capacity, int? Percent, string State, string? Oid);
