namespace Kdfm.Snmp.Security;

/// <summary>
/// USM privacy protocols: DES-CBC (RFC 3414 §8), AES-128-CFB (RFC 3826), and AES-192/256-CFB with the two key
/// extensions found in the field: Blumenthal's (draft-blumenthal-aes-usm-04, Net-SNMP's AES-192/AES-256) and
/// Reeder's (draft-reeder-snmpv3-usm-3desede-00, Cisco's; here AES-192-C/AES-256-C).
/// </summary>
public enum PrivProtocol
{
    None,
    Des,
    Aes128,
    Aes192,
    Aes256,
    Aes192C,
    Aes256C,
}
