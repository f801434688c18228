using System.Collections.Immutable;
using Kdfm.Collector.Configuration;

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
            PassivateAfter = TimeSpan.FromSeconds(options.PassivateAfterSeconds),
            DiscoveryInterval = TimeSpan.FromSeconds(Math.Max(60, options.DiscoveryIntervalSeconds)),
        };
        // No profile parsed: Validate's "at least one profile is needed" would only repeat the problems above.
        return (settings, problems.AddRange(settings.Validate().Where(p => !(profiles.IsEmpty && !problems.IsEmpty && p.StartsWith("Collector:Profiles:", StringComparison.Ordinal)))));
    }
}
