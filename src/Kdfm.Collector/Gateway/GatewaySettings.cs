namespace Kdfm.Collector.Gateway;

/// <summary>How the gateway talks to the hub (configuration section Collector:Gateway).</summary>
public sealed record GatewaySettings
{
    /// <summary>The gRPC poll loop's period (jittered by ±10 %); the hub may ask for another in its answer.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The MQTT session: wss://host:port/mqtt (default: the hub's own address), mqtts://host:8883, or mqtt://host:port
    /// (no TLS: only for a broker on loopback). Empty = derived from the hub's URL; "off" = no MQTT session.
    /// </summary>
    public string MqttUrl { get; init; } = string.Empty;

    /// <summary>
    /// The SHA-256 fingerprint of an external broker's certificate, when it is neither the hub's (pinned at activation)
    /// nor trusted by the system. Empty = the hub's pin.
    /// </summary>
    public string MqttPin { get; init; } = string.Empty;

    /// <summary>
    /// How long readings stay in the local store once the hub has acknowledged them (then they are deleted, except each
    /// device's latest); zero keeps them all.
    /// </summary>
    public TimeSpan KeepAcknowledged { get; init; } = TimeSpan.FromDays(7);

    public const string DefaultWebAccessPorts = "80,443,8000,8080,8443";

    /// <summary>
    /// Device ports this collector opens Device Web Access tunnels to, whatever the hub asks (Collector:Gateway:WebAccessPorts):
    /// a compromised hub cannot make it a port scanner of the customer's network.
    /// </summary>
    public string WebAccessPorts { get; init; } = DefaultWebAccessPorts;

    /// <summary>Tunnels also to addresses inside the targets that are no device this collector polls (default: polled devices only).</summary>
    public bool WebAccessInsideTargets { get; init; }

    /// <summary>The ports of <see cref="WebAccessPorts"/> (the ones that parse).</summary>
    public IReadOnlySet<int> WebAccessPortSet => WebAccessPorts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
        .Select(p => int.TryParse(p, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int port) ? port : 0)
        .Where(p => p is > 0 and <= 65535).ToHashSet();

    /// <summary>The version reported to the hub.</summary>
    public string Version { get; init; } = typeof(GatewaySettings).Assembly.GetName().Version?.ToString() ?? "0";

    /// <summary>
    /// The problems of these settings, each naming its key. The agent's credential is its MQTT password: a plain
    /// <c>mqtt://</c> or <c>ws://</c> session may only go to a broker on this machine (loopback), never over a network.
    /// </summary>
    public System.Collections.Immutable.ImmutableArray<string> Validate()
    {
        var problems = System.Collections.Immutable.ImmutableArray.CreateBuilder<string>();
        if (!string.IsNullOrEmpty(MqttUrl) && !string.Equals(MqttUrl, "off", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(MqttUrl, UriKind.Absolute, out var url) || url.Scheme is not ("wss" or "mqtts" or "ws" or "mqtt"))
            {
                problems.Add($"Collector:Gateway:MqttUrl: '{MqttUrl}' must start with wss://, mqtts://, ws:// or mqtt:// (or be off)");
            }
            else if (url.Scheme is "ws" or "mqtt" && !IsLoopback(url))
            {
                problems.Add($"Collector:Gateway:MqttUrl: {url.Scheme}:// to {url.Host} would send the agent's credential in clear; use {(url.Scheme == "ws" ? "wss" : "mqtts")}:// (plain only to a broker on loopback)");
            }
        }

        foreach (string port in WebAccessPorts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (!int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int value) || value is < 1 or > 65535)
            {
                problems.Add($"Collector:Gateway:WebAccessPorts: '{port}' is not a port (1-65535)");
            }
        }

        return problems.ToImmutable();
    }

    private static bool IsLoopback(Uri url) =>
        url.IsLoopback || (System.Net.IPAddress.TryParse(url.Host.Trim('[', ']'), out var address) && System.Net.IPAddress.IsLoopback(address));

    public Uri? MqttUri(Uri hub)
    {
        if (string.Equals(MqttUrl, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return string.IsNullOrEmpty(MqttUrl) ? new Uri($"wss://{hub.Authority}/mqtt") : new Uri(MqttUrl);
    }
}
