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
}
