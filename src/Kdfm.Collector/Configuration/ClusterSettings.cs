using System.Collections.Immutable;
using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Configuration;

/// <summary>
/// Membership of a node (Collector:Cluster). Without seeds the node is a cluster of one that joins itself and opens no
/// socket (<see cref="Alone"/>); with seeds it binds <see cref="Host"/>:<see cref="Port"/> for the other nodes of its site,
/// with TLS between nodes (<see cref="Certificate"/>) and a shared <see cref="Secret"/>.
/// </summary>
public sealed record ClusterSettings
{
    /// <summary>The address remoting binds and the other nodes use to reach this one (an address on the site's network).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>The TCP port remoting binds; 0 = a free port (fine for a node that is no seed).</summary>
    public int Port { get; init; }

    /// <summary>"host:port" of the seed nodes; empty = a lone node.</summary>
    public ImmutableArray<string> Seeds { get; init; } = [];

    /// <summary>What every node of the cluster shares; a node without it is not admitted.</summary>
    public Secret? Secret { get; init; }

    /// <summary>PFX file of the certificate the nodes present to each other (TLS between nodes).</summary>
    public string? Certificate { get; init; }

    public Secret? CertificatePassword { get; init; }

    /// <summary>A cluster of one: no seeds, no listening socket.</summary>
    public bool Alone => Seeds.IsEmpty;

    public static ClusterSettings Lone { get; } = new();

    /// <summary>Checks every key; each problem names its key.</summary>
    public ImmutableArray<string> Validate()
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        if (Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            problems.Add($"Collector:Cluster:Host: '{Host}' is not an address or a host name");
        }

        if (Port is < 0 or > 65535)
        {
            problems.Add($"Collector:Cluster:Port: {Port} is not a TCP port (0 = a free one)");
        }

        for (int i = 0; i < Seeds.Length; i++)
        {
            if (!TryParseSeed(Seeds[i], out _, out _))
            {
                problems.Add($"Collector:Cluster:Seeds:{i}: '{Seeds[i]}' is not host:port");
            }
        }

        if (!Alone)
        {
            // Issue 12 in progress: until remoting speaks TLS with the certificate and the nodes check the secret, a node
            // must not listen for others at all.
            problems.Add("Collector:Cluster:Seeds: several nodes are not supported yet (TLS and the shared secret between nodes are not wired); leave Seeds empty");
            if (Secret is null || Secret.Length < 16)
            {
                problems.Add("Collector:Cluster:Secret: required with Collector:Cluster:Seeds, at least 16 characters (every node of the cluster has the same)");
            }

            if (string.IsNullOrEmpty(Certificate))
            {
                problems.Add("Collector:Cluster:Certificate: required with Collector:Cluster:Seeds (a PFX file: TLS between nodes)");
            }
            else if (!File.Exists(Certificate))
            {
                problems.Add($"Collector:Cluster:Certificate: {Certificate}: no such file");
            }
            else if (CertificatePassword is null)
            {
                problems.Add("Collector:Cluster:CertificatePassword: required with Collector:Cluster:Certificate");
            }
        }

        return problems.ToImmutable();
    }

    public static bool TryParseSeed(string seed, out string host, out int port)
    {
        host = string.Empty;
        port = 0;
        int colon = seed.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(seed.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
            || port is < 1 or > 65535)
        {
            return false;
        }

        host = seed[..colon];
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}
