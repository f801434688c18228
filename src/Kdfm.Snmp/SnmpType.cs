using Kdfm.Snmp.Ber;

namespace Kdfm.Snmp;

/// <summary>The SNMP value types (RFC 2578 §7.1, RFC 3416 §3 exceptions); the numeric value is the BER tag.</summary>
public enum SnmpType : byte
{
    Integer = BerTag.Integer,
    OctetString = BerTag.OctetString,
    Null = BerTag.Null,
    ObjectIdentifier = BerTag.ObjectIdentifier,
    IpAddress = BerTag.IpAddress,
    Counter32 = BerTag.Counter32,
    Gauge32 = BerTag.Gauge32,
    TimeTicks = BerTag.TimeTicks,
    Opaque = BerTag.Opaque,
    Counter64 = BerTag.Counter64,
    NoSuchObject = BerTag.NoSuchObject,
    NoSuchInstance = BerTag.NoSuchInstance,
    EndOfMibView = BerTag.EndOfMibView,
}
