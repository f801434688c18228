namespace Kdfm.Printers.Snapshot;

/// <summary>How the snapshot was read: the SNMP version, the time taken and the number of requests.</summary>
public sealed record SnmpInfo(string Version, long ElapsedMs, int Requests);
