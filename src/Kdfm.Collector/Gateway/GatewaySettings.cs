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

    /// <summary>The version reported to the hub.</summary>
    public string Version { get; init; } = typeof(GatewaySettings).Assembly.GetName().Version?.ToString() ?? "0";

    public Uri? MqttUri(Uri hub)
    {
        if (string.Equals(MqttUrl, "off", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return string.IsNullOrEmpty(MqttUrl) ? new Uri($"wss://{hub.Authority}/mqtt") : new Uri(MqttUrl);
    }
}
