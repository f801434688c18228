namespace Kdfm.Hub.WebAccess;

/// <summary>Device Web Access (section "Hub:DeviceWebAccess"): the hub's own sshd for the agents' tunnels, and the sessions.</summary>
public sealed class DeviceWebAccessOptions
{
    /// <summary>
    /// address:port the hub's sshd listens on for the agents' tunnels: 0.0.0.0:22 in the container, a loopback port by
    /// default and in run.sh. Empty turns Device Web Access off.
    /// </summary>
    public string SshListen { get; set; } = "127.0.0.1:7022";

    /// <summary>What agents are told to connect to (host or host:port); empty = the host of the hub's URL they use, and SshListen's port.</summary>
    public string SshPublicEndpoint { get; set; } = string.Empty;

    /// <summary>OpenSSH's sshd (Debian's openssh-server).</summary>
    public string SshdPath { get; set; } = "/usr/sbin/sshd";

    /// <summary>
    /// The forward-only account the tunnels log in as, made by the hub when it runs as root and the account is missing. A hub
    /// that is not root runs sshd as itself, which can only log in its own account: then the tunnels use that one.
    /// </summary>
    public string TunnelUser { get; set; } = "kdfm-tunnel";

    /// <summary>A session's length unless the user asks otherwise (minutes).</summary>
    public int SessionMinutes { get; set; } = 30;

    /// <summary>The longest a session may be asked for (minutes): 8 hours.</summary>
    public int MaxSessionMinutes { get; set; } = 480;

    /// <summary>Device ports a session may open, comma-separated, beside those a tenant or a device allows.</summary>
    public string AllowedPorts { get; set; } = "80,443,8000";

    /// <summary>Device ports spoken to in HTTPS, comma-separated (the printer's certificate is accepted for its session only); the others in HTTP.</summary>
    public string HttpsPorts { get; set; } = "443,8443";

    /// <summary>Address the sessions' own origins listen on (one port a session); empty = Hub:ListenAddress.</summary>
    public string ProxyListen { get; set; } = string.Empty;

    /// <summary>Ports for the sessions' origins, "first-last" (open them in the firewall); empty = any free port.</summary>
    public string ProxyPorts { get; set; } = string.Empty;

    /// <summary>The host name in the sessions' URLs; empty = the host the user reached the portal by.</summary>
    public string PublicHost { get; set; } = string.Empty;

    /// <summary>Sessions open at once through one agent.</summary>
    public int MaxSessionsPerAgent { get; set; } = 4;

    /// <summary>Sessions open at once for the devices of one tenant (a customer or a site: the device's own tenant).</summary>
    public int MaxSessionsPerTenant { get; set; } = 20;

    /// <summary>Requests kept in one session's access log; past it the oldest go.</summary>
    public int AccessLogLimit { get; set; } = 10_000;

    public bool Enabled => !string.IsNullOrWhiteSpace(SshListen);

    /// <summary>A comma-separated list of ports (1–65535), or the first entry that is not one.</summary>
    public static (IReadOnlyList<int> Ports, string? Problem) ParsePorts(string? text)
    {
        var ports = new List<int>();
        foreach (string part in (text ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) || port is < 1 or > 65535)
            {
                return ([], $"'{part}' is not a port (1-65535)");
            }

            if (!ports.Contains(port))
            {
                ports.Add(port);
            }
        }

        return (ports, null);
    }
}
