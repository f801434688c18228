namespace Kdfm.Hub;

/// <summary>The hub's configuration (section "Hub"; environment KDFM_Hub__…). The defaults listen on loopback only.</summary>
public sealed class HubOptions
{
    public string DataDirectory { get; set; } = "data/hub";

    /// <summary>Address Kestrel listens on (gRPC, API and MQTT over WSS on /mqtt).</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    public int HttpsPort { get; set; } = 7443;

    /// <summary>MQTT over TLS; 0 turns it off.</summary>
    public int MqttTlsPort { get; set; } = 8883;

    /// <summary>A PFX file; empty = a self-signed certificate kept in the data directory.</summary>
    public string CertificatePath { get; set; } = string.Empty;

    public string? CertificatePassword { get; set; }

    /// <summary>SQLite (default, a file in the data directory) or PostgreSQL.</summary>
    public string Database { get; set; } = "sqlite";

    /// <summary>For PostgreSQL, or to put the SQLite file elsewhere.</summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// The admin API token, at least 32 characters; empty = one made on first start and kept in the data directory
    /// (DataDirectory/admin-token). It is never printed: only where it is.
    /// </summary>
    public string AdminToken { get; set; } = string.Empty;

    /// <summary>What agents are told about their poll interval (seconds).</summary>
    public int AgentPollSeconds { get; set; } = 300;

    /// <summary>The largest snapshot one reading may carry (kilobytes of JSON, UTF-8); a larger one is refused with code too-large.</summary>
    public int MaxReadingKilobytes { get; set; } = 1024;

    /// <summary>
    /// How much reading data one agent may store (megabytes of snapshot JSON); past it, its uploads are refused with
    /// ResourceExhausted until an operator raises the quota. 0 = no quota.
    /// </summary>
    public int AgentQuotaMegabytes { get; set; } = 2048;

    /// <summary>An external MQTT broker (e.g. mosquitto) instead of the in-process one: host:port, TLS; empty = in-process.</summary>
    public string ExternalBroker { get; set; } = string.Empty;

    /// <summary>False = plain MQTT, which sends ExternalBrokerPassword in clear: allowed only to a broker on loopback.</summary>
    public bool ExternalBrokerTls { get; set; } = true;

    public string ExternalBrokerUser { get; set; } = string.Empty;

    public string? ExternalBrokerPassword { get; set; }

    /// <summary>SHA-256 fingerprint of the external broker's certificate, when the system does not trust it.</summary>
    public string ExternalBrokerPin { get; set; } = string.Empty;

    public int EnrolmentCodeDays { get; set; } = 7;

    /// <summary>Enrolment attempts (Activate calls) allowed per source address (an IPv6 source: its /64) and minute; 0 = no limit.</summary>
    public int EnrolmentAttemptsPerMinute { get; set; } = 10;

    /// <summary>Failed enrolment attempts (wrong or unknown codes) the hub takes a minute from all sources together; 0 = no cap.</summary>
    public int EnrolmentFailuresPerMinute { get; set; } = 60;

    /// <summary>
    /// The largest Upload message in MB: a batch of readings (the collector sends up to 2,000). Bigger messages are refused
    /// from their length prefix before they are read. Activate (4 KB), Poll and ReportTaskResult (64 KB) have fixed limits.
    /// </summary>
    public int UploadMaxMegabytes { get; set; } = 32;

    /// <summary>
    /// Hours a set-config task may wait for its agent: one not handed out by then loses its SNMP secrets and fails as
    /// expired. Revoking an agent does the same at once.
    /// </summary>
    public int PendingSecretHours { get; set; } = 24;

    /// <summary>The largest MQTT packet the in-process broker takes, in KB (agents only subscribe): a bigger one ends the connection.</summary>
    public int MqttMaxPacketKilobytes { get; set; } = 64;

    /// <summary>
    /// Days the audit log keeps an entry; older ones are deleted by the daily account job. At least 180: the idle-account
    /// rule reads when an administrator last enabled an account from the log.
    /// </summary>
    public int AuditDays { get; set; } = 365;

    /// <summary>Device Web Access: the hub's sshd for the agents' tunnels and the sessions' proxy.</summary>
    public WebAccess.DeviceWebAccessOptions DeviceWebAccess { get; set; } = new();
}
