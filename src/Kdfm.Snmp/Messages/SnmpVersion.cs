namespace Kdfm.Snmp.Messages;

/// <summary>The msgVersion field: 0 for v1 (RFC 1157), 1 for v2c (RFC 1901), 3 for v3 (RFC 3412).</summary>
public enum SnmpVersion
{
    V1 = 0,
    V2c = 1,
    V3 = 3,
}
