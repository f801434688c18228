namespace Kdfm.Printers.Snapshot;

/// <summary>One row of prtAlertTable (RFC 3805), severity, group and code by their RFC names.</summary>
public sealed record Alert(int Index, string? Severity, string? Group, string? Code, string? Description, int? Location);
