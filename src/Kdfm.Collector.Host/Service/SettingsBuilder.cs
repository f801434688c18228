using System.Collections.Immutable;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Host.Service;

/// <summary>Turns the configuration into <see cref="CollectorSettings"/>; every problem names its key.</summary>
internal static class SettingsBuilder
{
    public static (CollectorSettings Settings, ImmutableArray<string> Problems) Build(CollectorOptions options)
    {
        var configured = options.Profiles.Count > 0 ? options.Profiles : [new ProfileOptions { Name = "public", Version = "2c", Community = "public" }];
        var (profiles, problems) = ProfileText.ParseAll([.. configured.Select(p => new ProfileText(p.Name, p.Version, p.Community, p.User, p.Auth, p.AuthPassphrase, p.Priv, p.PrivPassphrase))],
            i => $"Collector:Profiles:{i}");
        var settings = new CollectorSettings
        {
            Targets = [.. options.Targets],
            Exclusions = [.. options.Exclusions],
            Profiles = profiles,
            Port = options.Port,
            Timeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
            Retries = options.Retries,
            Concurrency = options.Concurrency,
            PacketsPerSecond = options.PacketsPerSecond,
            PollInterval = TimeSpan.FromSeconds(Math.Max(1, options.PollIntervalSeconds)),
            DiscoveryInterval = TimeSpan.FromSeconds(Math.Max(60, options.DiscoveryIntervalSeconds)),
        };
        // No profile parsed: Validate's "at least one profile is needed" would only repeat the problems above.
        return (settings, problems.AddRange(settings.Validate().Where(p => !(profiles.IsEmpty && !problems.IsEmpty && p.StartsWith("Collector:Profiles:", StringComparison.Ordinal)))));
    }

    /// <summary>The node's store and membership (Collector:Store, Collector:Cluster), checked together; every problem names its key.</summary>
    public static (StoreSettings Store, ClusterSettings Cluster, ImmutableArray<string> Problems) BuildNode(CollectorOptions options)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var cluster = new ClusterSettings
        {
            Host = options.Cluster.Host,
            Port = options.Cluster.Port,
            Seeds = [.. options.Cluster.Seeds.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim())],
            Secret = options.Cluster.Secret.Length > 0 ? new Secret(options.Cluster.Secret) : null,
            Certificate = options.Cluster.Certificate.Length > 0 ? options.Cluster.Certificate : null,
            CertificatePassword = options.Cluster.CertificatePassword.Length > 0 ? new Secret(options.Cluster.CertificatePassword) : null,
        };
        problems.AddRange(cluster.Validate());
        var provider = StoreSettings.ParseProvider(options.Store.Provider);
        if (provider is null)
        {
            problems.Add($"Collector:Store:Provider: '{options.Store.Provider}' is not sqlite or postgresql");
        }

        var store = provider == StoreProvider.PostgreSql
            ? StoreSettings.PostgreSql(options.Store.ConnectionString)
            : StoreSettings.Sqlite(Path.Combine(options.DataDirectory, "collector.db"));
        problems.AddRange(store.Validate(cluster));
        return (store, cluster, problems.ToImmutable());
    }
}
