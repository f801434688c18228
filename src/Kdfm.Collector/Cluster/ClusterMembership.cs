using Akka.Cluster.Hosting;
using Akka.Cluster.Hosting.SBR;
using Akka.Configuration;
using Akka.Hosting;
using Akka.Remote.Hosting;
using Kdfm.Collector.Configuration;

namespace Kdfm.Collector.Cluster;

/// <summary>
/// How a node becomes a member (issue 12). There is one code path: every node is an Akka.NET cluster member, with the
/// keep-majority split-brain resolver. A lone node (no seeds) joins itself over Akka.Remote's in-process transport, so
/// it opens no socket at all and the collector keeps its promise of listening on nothing (DESIGN.md); nodes with seeds
/// bind remoting on the configured address, the one socket they listen on, for the other nodes of their site.
/// </summary>
public static class ClusterMembership
{
    /// <summary>Remoting and clustering for <paramref name="cluster"/>; a lone node joins itself once started.</summary>
    public static AkkaConfigurationBuilder AddKdfmCluster(this AkkaConfigurationBuilder builder, ClusterSettings cluster, string systemName)
    {
        if (cluster.Alone)
        {
            builder.AddHocon(LoneTransport(), HoconAddMode.Prepend)
                .WithClustering(new ClusterOptions { SplitBrainResolver = new KeepMajorityOption() })
                .AddStartup((system, _) =>
                {
                    var self = Akka.Cluster.Cluster.Get(system);
                    self.Join(self.SelfAddress);
                });
            return builder;
        }

        return builder
            .WithRemoting(new RemoteOptions { HostName = cluster.Host, PublicHostName = cluster.Host, Port = cluster.Port })
            .WithClustering(new ClusterOptions
            {
                SeedNodes = [.. cluster.Seeds.Select(seed => $"akka.tcp://{systemName}@{seed}")],
                SplitBrainResolver = new KeepMajorityOption(),
            });
    }

    /// <summary>
    /// Akka.Remote's in-process transport (its TestTransport: associations through a registry in memory, no socket),
    /// each node under a registry key and a host name of its own, so that lone nodes in one process (tests) never meet.
    /// The port is a label (nothing binds it); it must be there: without one the address has port -1, which Sharding's
    /// path to its coordinator does not survive.
    /// A cluster of one only ever talks to itself, which remoting delivers locally without any transport.
    /// </summary>
    private static Config LoneTransport()
    {
        string name = "lone-" + Guid.NewGuid().ToString("N");
        return ConfigurationFactory.ParseString($$"""
            akka.remote.enabled-transports = ["akka.remote.test"]
            akka.remote.test {
              transport-class = "Akka.Remote.Transport.TestTransport, Akka.Remote"
              applied-adapters = []
              registry-key = "{{name}}"
              local-address = "test://{{Hosting.CollectorHosting.SystemName}}@{{name}}:1"
              maximum-payload-bytes = 128000 bytes
              scheme-identifier = test
            }
            """);
    }
}
