using Kdfm.Agent.V1;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using CollectorProfile = Kdfm.Collector.Configuration.CredentialProfile;
using ConfigProfile = Kdfm.Agent.V1.CredentialProfile;

namespace Kdfm.Collector.Tests;

/// <summary>A set-config task's configuration over the settings in force: what the hub sends replaces, what it leaves empty stays.</summary>
public sealed class AgentConfigMapperTests
{
    private static readonly CollectorSettings Current = new()
    {
        Targets = ["127.20.0.0/24"], Exclusions = ["127.20.0.9"], Profiles = [new CollectorProfile("site", SnmpVersion.V2c, new Secret("private"))],
        PollInterval = TimeSpan.FromMinutes(15), DiscoveryInterval = TimeSpan.FromHours(24), Retries = 3,
    };

    [Fact]
    public void An_empty_configuration_keeps_every_current_setting()
    {
        var (settings, problems) = AgentConfigMapper.Map(new AgentConfig { Version = 7 }, Current);

        Assert.Empty(problems);
        Assert.Equal(Current, settings);
    }

    [Fact]
    public void Targets_and_exclusions_are_replaced_together_and_exclusions_without_targets_are_ignored()
    {
        var withTargets = new AgentConfig { Targets = { "127.30.0.0/29", "printer-1.example" } };
        var (replaced, _) = AgentConfigMapper.Map(withTargets, Current);
        Assert.Equal(["127.30.0.0/29", "printer-1.example"], replaced!.Targets.ToArray());
        Assert.Empty(replaced.Exclusions); // the old exclusion was written for the old targets

        var withBoth = new AgentConfig { Targets = { "127.30.0.0/29" }, Exclusions = { "127.30.0.7" } };
        var (both, _) = AgentConfigMapper.Map(withBoth, Current);
        Assert.Equal(["127.30.0.0/29"], both!.Targets.ToArray());
        Assert.Equal(["127.30.0.7"], both.Exclusions.ToArray());

        var exclusionsOnly = new AgentConfig { Exclusions = { "127.20.0.1" } };
        var (kept, _) = AgentConfigMapper.Map(exclusionsOnly, Current);
        Assert.Equal((Current.Targets, Current.Exclusions), (kept!.Targets, kept.Exclusions));
    }

    [Fact]
    public void Intervals_in_seconds_replace_the_current_ones_and_zero_keeps_them()
    {
        var (both, _) = AgentConfigMapper.Map(new AgentConfig { PollIntervalSeconds = 120, DiscoveryIntervalSeconds = 3600 }, Current);
        Assert.Equal((TimeSpan.FromMinutes(2), TimeSpan.FromHours(1)), (both!.PollInterval, both.DiscoveryInterval));

        var (pollOnly, _) = AgentConfigMapper.Map(new AgentConfig { PollIntervalSeconds = 60 }, Current);
        Assert.Equal((TimeSpan.FromMinutes(1), TimeSpan.FromHours(24)), (pollOnly!.PollInterval, pollOnly.DiscoveryInterval));
        Assert.Equal(3, pollOnly.Retries); // what the contract does not carry is never touched
    }

    [Fact]
    public void Profiles_replace_the_agents_in_their_order_and_one_without_a_name_is_named_by_its_place()
    {
        var config = new AgentConfig
        {
            Profiles =
            {
                new ConfigProfile { Name = "site-v3", Version = "3", User = "monitor", Auth = "SHA-256", AuthPassphrase = "auth-pass-1", Priv = "AES", PrivPassphrase = "priv-pass-1" },
                new ConfigProfile { Version = "1", Community = "old" },
            },
        };

        var (settings, problems) = AgentConfigMapper.Map(config, Current);

        Assert.Empty(problems);
        Assert.Equal(
            [
                new CollectorProfile("site-v3", SnmpVersion.V3, null,
                    new UsmUser("monitor", AuthProtocol.Sha256, new Secret("auth-pass-1"), PrivProtocol.Aes128, new Secret("priv-pass-1"))),
                new CollectorProfile("profile-1", SnmpVersion.V1, new Secret("old")),
            ],
            settings!.Profiles.ToArray());
        Assert.Equal(Current.Targets, settings.Targets);
    }

    [Fact]
    public void Every_profile_that_does_not_parse_is_named_by_its_field_and_nothing_is_applied()
    {
        var config = new AgentConfig
        {
            Targets = { "127.30.0.0/29" },
            Profiles =
            {
                new ConfigProfile { Name = "good", Version = "2c", Community = "public" },
                new ConfigProfile { Name = "no-user", Version = "3" },
                new ConfigProfile { Name = "v4", Version = "4" },
                new ConfigProfile { Name = "no-community", Version = "2c" },
            },
        };

        var (settings, problems) = AgentConfigMapper.Map(config, Current);

        Assert.Null(settings);
        Assert.Equal(
            ["profiles[1]:User: a v3 profile needs a user", "profiles[2]:Version: '4' is not 1, 2c or 3", "profiles[3]:Community: a v2c profile needs a community"],
            problems.ToArray());
    }

    [Fact]
    public void Settings_that_parse_but_are_invalid_are_refused_with_the_key_at_fault()
    {
        var config = new AgentConfig
        {
            Targets = { "127.30.0.0/33" },
            Profiles = { new ConfigProfile { Name = "short", Version = "3", User = "monitor", Auth = "SHA", AuthPassphrase = "short" } },
        };

        var (settings, problems) = AgentConfigMapper.Map(config, Current);

        Assert.Null(settings);
        Assert.Equal(2, problems.Length);
        Assert.StartsWith("Collector:Targets[0]: ", problems[0], StringComparison.Ordinal);
        Assert.Equal("Collector:Profiles[0]: user monitor: the authentication passphrase must be at least 8 characters (RFC 3414 §11.2)", problems[1]);
    }
}
