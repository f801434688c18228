using Kdfm.Collector.Gateway;

namespace Kdfm.Collector.Tests;

/// <summary>The agent's credential never travels in clear: plain MQTT only to a broker on this machine.</summary>
public class GatewaySettingsTests
{
    [Theory]
    [InlineData("")]
    [InlineData("off")]
    [InlineData("wss://hub.example/mqtt")]
    [InlineData("mqtts://hub.example:8883")]
    [InlineData("mqtt://127.0.0.1:1883")]
    [InlineData("mqtt://127.8.9.10:1883")]
    [InlineData("ws://localhost:8080/mqtt")]
    [InlineData("ws://[::1]:8080/mqtt")]
    public void Allowed(string url) => Assert.Empty(new GatewaySettings { MqttUrl = url }.Validate());

    [Theory]
    [InlineData("mqtt://broker.example:1883", "mqtt:// to broker.example would send the agent's credential in clear; use mqtts://")]
    [InlineData("ws://10.1.2.3/mqtt", "ws:// to 10.1.2.3 would send the agent's credential in clear; use wss://")]
    [InlineData("http://hub.example/mqtt", "must start with wss://, mqtts://, ws:// or mqtt://")]
    [InlineData("not a url", "must start with")]
    public void Refused(string url, string problem) =>
        Assert.Contains(problem, Assert.Single(new GatewaySettings { MqttUrl = url }.Validate()), StringComparison.Ordinal);
}
