using Kdfm.Collector.Gateway;

namespace Kdfm.Collector.Host.Service;

/// <summary>The "Collector" section of appsettings.json / KDFM_Collector__* environment variables, as written.</summary>
public sealed class CollectorOptions
{
    /// <summary>Where the SQLite store lives (collector.db).</summary>
    public string DataDirectory { get; set; } = DefaultDataDirectory;

    /// <summary>The data directory of commands without --data: KDFM_Collector__DataDirectory if set (a container's /data), else "data".</summary>
    public static string DefaultDataDirectory => Environment.GetEnvironmentVariable("KDFM_Collector__DataDirectory") is { Length: > 0 } set ? set : "data";

    public List<string> Targets { get; set; } = [];

    public List<string> Exclusions { get; set; } = [];

    public int Port { get; set; } = 161;

    public int TimeoutMs { get; set; } = 1000;

    public int Retries { get; set; } = 1;

    public int Concurrency { get; set; } = 256;

    public int PacketsPerSecond { get; set; } = 500;

    public int PollIntervalSeconds { get; set; } = 900;

    public int DiscoveryIntervalSeconds { get; set; } = 86_400;

    /// <summary>Minutes between two aggressive garbage collections that give memory back to the OS (0 = never).</summary>
    public int TrimMemoryMinutes { get; set; } = 10;

    /// <summary>The link to the hub, once activated.</summary>
    public GatewayOptions Gateway { get; set; } = new();

    /// <summary>Credential profiles in the order they are tried; none configured means v2c "public".</summary>
    public List<ProfileOptions> Profiles { get; set; } = [];

    /// <summary>Where journal and snapshots live (SQLite in the data directory by default).</summary>
    public StoreOptions Store { get; set; } = new();

    /// <summary>Membership: a lone node by default.</summary>
    public ClusterOptions Cluster { get; set; } = new();
}

/// <summary>The "Collector:Store" section.</summary>
public sealed class StoreOptions
{
    /// <summary>sqlite (DataDirectory/collector.db) or postgresql.</summary>
    public string Provider { get; set; } = "sqlite";

    /// <summary>PostgreSQL's connection string (Npgsql format).</summary>
    public string ConnectionString { get; set; } = string.Empty;
}

/// <summary>The "Collector:Cluster" section (issue 12): without seeds, a lone node that joins itself.</summary>
public sealed class ClusterOptions
{
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; }

    /// <summary>"host:port" of the seed nodes.</summary>
    public List<string> Seeds { get; set; } = [];

    public string Secret { get; set; } = string.Empty;

    /// <summary>PFX file of the nodes' certificate (TLS between nodes).</summary>
    public string Certificate { get; set; } = string.Empty;

    public string CertificatePassword { get; set; } = string.Empty;
}

/// <summary>The "Collector:Gateway" section.</summary>
public sealed class GatewayOptions
{
    public int PollIntervalSeconds { get; set; } = 300;

    /// <summary>wss://host:port/mqtt (default: the hub's address), mqtts://host:8883, or "off".</summary>
    public string MqttUrl { get; set; } = string.Empty;

    /// <summary>Days acknowledged readings stay in the local store (each device's latest always stays; 0 = forever).</summary>
    public int KeepAcknowledgedDays { get; set; } = 7;

    /// <summary>SHA-256 fingerprint of an external broker's certificate (empty: the hub's pin).</summary>
    public string MqttPin { get; set; } = string.Empty;

    /// <summary>Device ports this collector opens Device Web Access tunnels to (comma-separated), whatever the hub asks.</summary>
    public string WebAccessPorts { get; set; } = GatewaySettings.DefaultWebAccessPorts;

    /// <summary>Tunnels also to an address inside the targets that is no device this collector polls (default: polled devices only).</summary>
    public bool WebAccessInsideTargets { get; set; }
}

/// <summary>One credential profile as written in the configuration.</summary>
public sealed class ProfileOptions
{
    public string Name { get; set; } = string.Empty;

    public string Version { get; set; } = "2c";

    public string? Community { get; set; }

    public string? User { get; set; }

    public string? Auth { get; set; }

    public string? AuthPassphrase { get; set; }

    public string? Priv { get; set; }

    public string? PrivPassphrase { get; set; }
}
