using System.Collections.Immutable;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Host.Service;

/// <summary>Turns the configuration into <see cref="CollectorSettings"/>; every problem names its key.</summary>
internal static class SettingsBuilder
{
    public static (CollectorSettings Settings, ImmutableArray<string> Problems) Build(CollectorOptions options)
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        var profiles = ImmutableArray.CreateBuilder<CredentialProfile>();
        var configured = options.Profiles.Count > 0 ? options.Profiles : [new ProfileOptions { Name = "public", Version = "2c", Community = "public" }];
        for (int i = 0; i < configured.Count; i++)
        {
            var p = configured[i];
            string key = $"Collector:Profiles:{i}";
            string name = string.IsNullOrWhiteSpace(p.Name) ? $"profile-{i}" : p.Name;
            var (profile, problem) = new ProfileText(name, p.Version, p.Community, p.User, p.Auth, p.AuthPassphrase, p.Priv, p.PrivPassphrase).Parse(key);
            if (profile is null)
            {
                problems.Add(problem!);
                continue;
            }

            profiles.Add(profile);
        }

        var settings = new CollectorSettings
        {
            Targets = [.. options.Targets],
            Exclusions = [.. options.Exclusions],
            Profiles = profiles.ToImmutable(),
            Port = options.Port,
            Timeout = TimeSpan.FromMilliseconds(options.TimeoutMs),
            Retries = options.Retries,
            Concurrency = options.Concurrency,
            PacketsPerSecond = options.PacketsPerSecond,
            PollInterval = TimeSpan.FromSeconds(Math.Max(1, options.PollIntervalSeconds)),
            PassivateAfter = TimeSpan.FromSeconds(options.PassivateAfterSeconds),
            DiscoveryInterval = TimeSpan.FromSeconds(Math.Max(60, options.DiscoveryIntervalSeconds)),
        };
        problems.AddRange(settings.Validate().Where(p => !(profiles.Count == 0 && problems.Count > 0 && p.StartsWith("Collector:Profiles:", StringComparison.Ordinal))));
        return (settings, problems.ToImmutable());
    }
}
