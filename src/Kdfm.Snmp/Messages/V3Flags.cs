namespace Kdfm.Snmp.Messages;

/// <summary>msgFlags (RFC 3412 §6.4).</summary>
[Flags]
public enum V3Flags : byte
{
    None = 0,
    Auth = 1,
    Priv = 2,
    Reportable = 4,
}
