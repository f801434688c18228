namespace Kdfm.Printers.Snapshot;

/// <summary>A page counter and the OID it was read from; never a value without an OID that holds it.</summary>
public sealed record Counter(string Name, long Value, string? Unit, string Oid);
