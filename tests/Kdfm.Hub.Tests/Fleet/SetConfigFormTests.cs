using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Fleet;

namespace Kdfm.Hub.Tests.Fleet;

/// <summary>The agents page's set-config form becomes the AgentConfig JSON the API takes, or says what is wrong.</summary>
public sealed class SetConfigFormTests
{
    [Fact]
    public void A_form_with_a_v2c_and_a_v3_profile_becomes_the_config_and_empty_profiles_are_left_out()
    {
        var form = new SetConfigForm
        {
            Targets = "10.0.0.0/24\r\nprinter.example, 10.1.0.5", Exclusions = " 10.0.0.1 \n", PollIntervalSeconds = 300,
            Profiles =
            [
                new() { Name = "office", Version = "2c", Community = "s3cret" },
                new() { Version = "2c" },
                new() { Version = "3", User = "kdfm", Auth = "SHA-256", AuthPassphrase = "authpass1", Priv = "AES-256", PrivPassphrase = "privpass1" },
            ],
        };

        var (config, problem) = form.ToConfig();

        Assert.Null(problem);
        Assert.Equal(
            """{"targets":["10.0.0.0/24","printer.example","10.1.0.5"],"exclusions":["10.0.0.1"],"pollIntervalSeconds":300,"profiles":[{"name":"office","version":"2c","community":"s3cret"},{"name":"profile 3","version":"3","user":"kdfm","auth":"SHA-256","authPassphrase":"authpass1","priv":"AES-256","privPassphrase":"privpass1"}]}""",
            config!.ToJsonString());
        // What the API checks the same JSON against: the contract's AgentConfig.
        var parsed = Google.Protobuf.JsonParser.Default.Parse<Kdfm.Agent.V1.AgentConfig>(config.ToJsonString());
        Assert.Equal(("kdfm", "privpass1"), (parsed.Profiles[1].User, parsed.Profiles[1].PrivPassphrase));
    }

    [Theory]
    [InlineData("", "2c", "x", null, null, null, null, "Targets: give at least one")]
    [InlineData("10.0.0.1", "2c", "", null, null, null, null, "Profile p: SNMP v2c needs a community.")]
    [InlineData("10.0.0.1", "3", null, "", null, null, null, "Profile p: SNMPv3 needs a user.")]
    [InlineData("10.0.0.1", "3", null, "u", "SHA", "short", null, "Profile p: authentication SHA needs a passphrase of 8 characters or more.")]
    [InlineData("10.0.0.1", "3", null, "u", "", null, "AES", "Profile p: privacy needs authentication")]
    [InlineData("10.0.0.1", "4", null, "u", null, null, null, "Profile p: the SNMP version is 1, 2c or 3.")]
    public void A_form_that_cannot_be_a_config_says_which_field(string targets, string version, string? community, string? user, string? auth, string? authPassphrase,
        string? priv, string expected)
    {
        var form = new SetConfigForm
        {
            Targets = targets,
            Profiles = [new() { Name = "p", Version = version, Community = community, User = user, Auth = auth, AuthPassphrase = authPassphrase, Priv = priv, PrivPassphrase = "longenough" }],
        };

        var (config, problem) = form.ToConfig();

        Assert.Null(config);
        Assert.StartsWith(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pages_policy_names_are_the_registered_ones()
    {
        Assert.Equal(FleetPolicies.ViewFleet, PermissionRequirement.PolicyName(Permission.ViewFleet));
        Assert.Equal(FleetPolicies.ViewMetersAndExport, PermissionRequirement.PolicyName(Permission.ViewMetersAndExport));
        Assert.Equal(FleetPolicies.ManageAgents, PermissionRequirement.PolicyName(Permission.ManageAgents));
    }
}
