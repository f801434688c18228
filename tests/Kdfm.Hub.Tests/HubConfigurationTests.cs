using Kdfm.Hub.Cli;
using Microsoft.Extensions.Configuration;

namespace Kdfm.Hub.Tests;

public sealed class HubConfigurationTests
{
    private static HubOptions Bind(string key, string value)
    {
        var configuration = new ConfigurationManager();
        configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(key, value)]);
        return HubCommandLine.Bind(configuration, null, Path.GetTempPath());
    }

    [Fact]
    public void The_size_cap_and_the_quota_are_read_from_the_hub_section() =>
        Assert.Equal((64, 0), (Bind("Hub:MaxReadingKilobytes", "64").MaxReadingKilobytes, Bind("Hub:AgentQuotaMegabytes", "0").AgentQuotaMegabytes));

    [Fact]
    public void The_defaults_are_one_megabyte_per_reading_and_two_gigabytes_per_agent() =>
        Assert.Equal((1024, 2048), (new HubOptions().MaxReadingKilobytes, new HubOptions().AgentQuotaMegabytes));

    [Theory]
    [InlineData("Hub:MaxReadingKilobytes", "0")]
    [InlineData("Hub:AgentQuotaMegabytes", "-1")]
    public void A_bad_value_stops_the_start_and_names_its_key(string key, string value) =>
        Assert.StartsWith(key + ":", Assert.Throws<HubConfigurationException>(() => Bind(key, value)).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("192.0.2.10:1883")]
    [InlineData("broker.example:1883")]
    [InlineData("[2001:db8::1]:1883")]
    public void Plain_mqtt_to_an_external_broker_off_loopback_stops_the_start_naming_the_key(string broker)
    {
        using var data = new Kdfm.Testing.TempDirectory("kdfm-hub-config-");
        var refused = Assert.Throws<HubConfigurationException>(() =>
            HubApp.Build(new HubOptions { DataDirectory = data.Path, ExternalBroker = broker, ExternalBrokerTls = false, ExternalBrokerPassword = "broker-secret" }));
        Assert.StartsWith("Hub:ExternalBrokerTls: false sends the broker password in clear; allowed only to a broker on loopback, not ", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("broker-secret", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:1883")]
    [InlineData("localhost:1883")]
    [InlineData("[::1]:1883")]
    public async Task Plain_mqtt_to_a_broker_on_loopback_is_allowed(string broker)
    {
        using var data = new Kdfm.Testing.TempDirectory("kdfm-hub-config-");
        var started = HubApp.Build(new HubOptions { DataDirectory = data.Path, ExternalBroker = broker, ExternalBrokerTls = false, HttpsPort = Kdfm.Testing.FreePort.Tcp() });
        await using var app = started.App;
        Assert.IsType<Mqtt.ExternalBrokerNotifier>(app.Services.GetService(typeof(Mqtt.ITaskNotifier)));
    }

    [Theory]
    [InlineData("host:1883", "host", 1883)]
    [InlineData("host", "host", 8883)]
    [InlineData("[::1]:1884", "::1", 1884)]
    [InlineData("host:port", "host", 0)]
    public void The_external_broker_is_host_and_port(string broker, string host, int port) =>
        Assert.Equal((host, port), Mqtt.ExternalBrokerNotifier.HostAndPort(broker));
}
