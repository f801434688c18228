namespace Kdfm.Printers.Snapshot;

/// <summary>One row of prtInputTable.</summary>
public sealed record Tray(int Index, string? Name, string? Media, long? Level, long? Capacity, string State);
