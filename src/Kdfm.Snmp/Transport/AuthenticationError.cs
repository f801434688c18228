using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Transport;

/// <summary>The agent refused the request's security (an SNMPv3 Report PDU, RFC 3414 §3.2).</summary>
public sealed record AuthenticationError(UsmReportKind Kind, string User) : SnmpError
{
    public override string Describe() => Kind switch
    {
        UsmReportKind.WrongDigest => $"Authentication failure: wrong digest (user {User})",
        UsmReportKind.UnknownUserName => $"Authentication failure: unknown user name (user {User})",
        UsmReportKind.DecryptionError => $"Authentication failure: decryption error (user {User})",
        UsmReportKind.NotInTimeWindow => $"Authentication failure: not in time window after one re-synchronisation (user {User})",
        UsmReportKind.UnknownEngineId => $"Authentication failure: unknown engine ID after rediscovery (user {User})",
        UsmReportKind.UnsupportedSecurityLevel => $"Authentication failure: unsupported security level (user {User})",
        UsmReportKind.UnknownContext => $"Report: unknown context (user {User})",
        _ => $"Report: {Kind} (user {User})",
    };
}
