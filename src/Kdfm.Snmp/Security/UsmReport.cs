using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Security;

/// <summary>What a Report PDU says went wrong (RFC 3414 §3.2 usmStats; RFC 3412 §7.2 snmp* counters).</summary>
public enum UsmReportKind
{
    Unknown,
    UnsupportedSecurityLevel,
    NotInTimeWindow,
    UnknownUserName,
    UnknownEngineId,
    WrongDigest,
    DecryptionError,
    UnknownSecurityModel,
    InvalidMessage,
    UnknownPduHandler,
    UnknownContext,
}

public static class UsmReport
{
    private static readonly Oid UsmStats = Oid.Parse("1.3.6.1.6.3.15.1.1");
    private static readonly Oid MpdStats = Oid.Parse("1.3.6.1.6.3.11.2.1");
    private static readonly Oid UnknownContexts = Oid.Parse("1.3.6.1.6.3.12.1.5");

    /// <summary>The OID of the usmStats counter a Report carries for <paramref name="kind"/>.</summary>
    public static Oid CounterOid(UsmReportKind kind) => kind switch
    {
        UsmReportKind.UnsupportedSecurityLevel => UsmStats.Append(1, 0),
        UsmReportKind.NotInTimeWindow => UsmStats.Append(2, 0),
        UsmReportKind.UnknownUserName => UsmStats.Append(3, 0),
        UsmReportKind.UnknownEngineId => UsmStats.Append(4, 0),
        UsmReportKind.WrongDigest => UsmStats.Append(5, 0),
        UsmReportKind.DecryptionError => UsmStats.Append(6, 0),
        UsmReportKind.UnknownSecurityModel => MpdStats.Append(1, 0),
        UsmReportKind.InvalidMessage => MpdStats.Append(2, 0),
        UsmReportKind.UnknownPduHandler => MpdStats.Append(3, 0),
        UsmReportKind.UnknownContext => UnknownContexts.Append(0),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static UsmReportKind Classify(Pdu report)
    {
        if (report.VarBinds.IsEmpty)
        {
            return UsmReportKind.Unknown;
        }

        var oid = report.VarBinds[0].Oid;
        if (oid.Length >= UsmStats.Length + 1 && oid.StartsWith(UsmStats))
        {
            return oid[UsmStats.Length] switch
            {
                1 => UsmReportKind.UnsupportedSecurityLevel,
                2 => UsmReportKind.NotInTimeWindow,
                3 => UsmReportKind.UnknownUserName,
                4 => UsmReportKind.UnknownEngineId,
                5 => UsmReportKind.WrongDigest,
                6 => UsmReportKind.DecryptionError,
                _ => UsmReportKind.Unknown,
            };
        }

        if (oid.Length >= MpdStats.Length + 1 && oid.StartsWith(MpdStats))
        {
            return oid[MpdStats.Length] switch
            {
                1 => UsmReportKind.UnknownSecurityModel,
                2 => UsmReportKind.InvalidMessage,
                3 => UsmReportKind.UnknownPduHandler,
                _ => UsmReportKind.Unknown,
            };
        }

        return oid.StartsWith(UnknownContexts) ? UsmReportKind.UnknownContext : UsmReportKind.Unknown;
    }
}
