using Kdfm.Collector.Gateway;
using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>The agent identity file: it round-trips, and a hub that is not https:// is refused (the credential goes with every call).</summary>
public class AgentIdentityTests
{
    [Fact]
    public void An_identity_round_trips_through_its_owner_only_file()
    {
        using var data = new TempDirectory("kdfm-identity-");
        new AgentIdentity(new Uri("https://hub.example:7443/"), "agt_1", new Secret("credential-1"), "acme", "AB12").Save(data.Path);

        var loaded = AgentIdentity.Load(data.Path)!;

        Assert.Equal((new Uri("https://hub.example:7443/"), "agt_1", "credential-1", "acme", "AB12"),
            (loaded.Hub, loaded.AgentId, loaded.Credential.RevealText(), loaded.Tenant, loaded.Pin));
    }

    [Fact]
    public void An_identity_file_that_names_a_plain_http_hub_is_refused()
    {
        using var data = new TempDirectory("kdfm-identity-");
        File.WriteAllText(data[AgentIdentity.FileName], """{"hub":"http://hub.example/","agentId":"agt_1","credential":"credential-1","tenant":"acme"}""");

        var refused = Assert.Throws<InvalidDataException>(() => AgentIdentity.Load(data.Path));

        Assert.Contains("is not an https:// URL", refused.Message, StringComparison.Ordinal);
    }
}
