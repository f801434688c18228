using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>A node's store and membership are checked together; each problem names its key.</summary>
public sealed class NodeSettingsTests
{
    [Fact]
    public void A_lone_node_on_sqlite_needs_nothing_more()
    {
        Assert.Empty(ClusterSettings.Lone.Validate());
        Assert.Empty(StoreSettings.Sqlite("data/collector.db").Validate(ClusterSettings.Lone));
        Assert.True(ClusterSettings.Lone.Alone);
    }

    [Fact]
    public void Sqlite_is_refused_with_seeds_and_seeds_need_a_secret_and_a_certificate()
    {
        var cluster = ClusterSettings.Lone with { Seeds = ["127.0.0.1:4053", "127.0.0.1"], Port = 70000 };

        Assert.Equal(
        [
            "Collector:Cluster:Port: 70000 is not a TCP port (0 = a free one)",
            "Collector:Cluster:Seeds:1: '127.0.0.1' is not host:port",
            "Collector:Cluster:Seeds: several nodes are not supported yet (TLS and the shared secret between nodes are not wired); leave Seeds empty",
            "Collector:Cluster:Secret: required with Collector:Cluster:Seeds, at least 16 characters (every node of the cluster has the same)",
            "Collector:Cluster:Certificate: required with Collector:Cluster:Seeds (a PFX file: TLS between nodes)",
        ], cluster.Validate().ToArray());
        Assert.Equal(["Collector:Store:Provider: SQLite cannot be shared by several nodes; use postgresql with Collector:Cluster:Seeds"],
            StoreSettings.Sqlite("collector.db").Validate(cluster).ToArray());
    }

    [Fact]
    public void Postgresql_needs_a_connection_string_and_a_certificate_needs_its_password()
    {
        using var directory = new TempDirectory("kdfm-node-");
        File.WriteAllText(directory["node.pfx"], "not checked here");
        var cluster = ClusterSettings.Lone with { Seeds = ["127.0.0.2:4053"], Secret = new Secret("sixteen chars ok"), Certificate = directory["node.pfx"] };

        const string NotYet = "Collector:Cluster:Seeds: several nodes are not supported yet (TLS and the shared secret between nodes are not wired); leave Seeds empty";
        Assert.Equal([NotYet, "Collector:Cluster:CertificatePassword: required with Collector:Cluster:Certificate"], cluster.Validate().ToArray());
        Assert.Equal([NotYet], (cluster with { CertificatePassword = new Secret("pw") }).Validate().ToArray());
        Assert.Equal(["Collector:Store:ConnectionString: required with the postgresql provider (Npgsql format: Host=…;Database=…;Username=…)"],
            StoreSettings.PostgreSql("").Validate(cluster).ToArray());
        Assert.Empty(StoreSettings.PostgreSql("Host=127.0.0.1;Database=kdfm").Validate(cluster));
        Assert.Equal("***", StoreSettings.PostgreSql("Host=h;Password=p").ConnectionString!.ToString());
    }
}
