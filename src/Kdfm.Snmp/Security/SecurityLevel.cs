namespace Kdfm.Snmp.Security;

/// <summary>RFC 3411 §3.4.3 securityLevel.</summary>
public enum SecurityLevel
{
    NoAuthNoPriv,
    AuthNoPriv,
    AuthPriv,
}
