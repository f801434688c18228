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
            switch (p.Version)
            {
                case "1" or "2c":
                    if (string.IsNullOrEmpty(p.Community))
                    {
                        problems.Add($"{key}:Community: a v{p.Version} profile needs a community");
                        continue;
                    }

                    profiles.Add(new CredentialProfile(name, p.Version == "1" ? SnmpVersion.V1 : SnmpVersion.V2c, new Secret(p.Community)));
                    break;
                case "3":
                    var auth = AuthProtocol.None;
                    var priv = PrivProtocol.None;
                    if (string.IsNullOrEmpty(p.User))
                    {
                        problems.Add($"{key}:User: a v3 profile needs a user");
                        continue;
                    }

                    if (p.Auth is not null && !UsmProtocols.TryParseAuth(p.Auth, out auth))
                    {
                        problems.Add($"{key}:Auth: '{p.Auth}' is not MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512");
                        continue;
                    }

                    if (p.Priv is not null && !UsmProtocols.TryParsePriv(p.Priv, out priv))
                    {
                        problems.Add($"{key}:Priv: '{p.Priv}' is not DES, AES, AES-192, AES-256, AES-192-C or AES-256-C");
                        continue;
                    }

                    profiles.Add(new CredentialProfile(name, SnmpVersion.V3, null, new UsmUser(p.User, auth,
                        p.AuthPassphrase is null ? null : new Secret(p.AuthPassphrase), priv, p.PrivPassphrase is null ? null : new Secret(p.PrivPassphrase))));
                    break;
                default:
                    problems.Add($"{key}:Version: '{p.Version}' is not 1, 2c or 3");
                    break;
            }
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
