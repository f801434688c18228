namespace Kdfm.Snmp.Transport;

/// <summary>Counters of one <see cref="SnmpClient"/> since it started.</summary>
public sealed record SnmpClientStatistics(
    long RequestsSent,
    long Retransmissions,
    long ResponsesAccepted,
    long Timeouts,
    long StrayDatagrams,
    long MalformedDatagrams,
    long AuthenticationFailures,
    long BytesSent,
    long BytesReceived,
    long ReceiveFaults,
    long NotInTimeWindow);
