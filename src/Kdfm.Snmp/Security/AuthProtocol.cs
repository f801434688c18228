namespace Kdfm.Snmp.Security;

/// <summary>USM authentication protocols: RFC 3414 (MD5, SHA-1) and RFC 7860 (SHA-2).</summary>
public enum AuthProtocol
{
    None,
    Md5,
    Sha1,
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}
