using System.Collections.Immutable;
using Kdfm.Agent.V1;

namespace Kdfm.Collector.Configuration;

/// <summary>
/// A set-config task's configuration (the contract's <see cref="AgentConfig"/>) over the settings in force, as a pure
/// function. proto3 cannot tell an unset field from an empty one, so what the hub leaves empty or 0 keeps its current
/// value: an empty configuration changes nothing. Targets and exclusions are replaced together, when the hub sends
/// targets (exclusions written for the old targets could hide part of the new ones); exclusions sent without targets are
/// ignored. Profiles, when there are any, replace the agent's (parsed as the configuration's are: <see cref="ProfileText.ParseAll"/>).
/// </summary>
public static class AgentConfigMapper
{
    /// <summary>
    /// The new settings, valid (<see cref="CollectorSettings.Validate"/>), or every problem: a profile's names its field
    /// (<c>profiles[1]:Community</c>), a setting's its key (<c>Collector:Targets[0]</c>).
    /// </summary>
    public static (CollectorSettings? Settings, ImmutableArray<string> Problems) Map(AgentConfig config, CollectorSettings current)
    {
        var profiles = current.Profiles;
        if (config.Profiles.Count > 0)
        {
            var (parsed, problems) = ProfileText.ParseAll([.. config.Profiles.Select(Text)], i => $"profiles[{i}]");
            if (!problems.IsEmpty)
            {
                return (null, problems);
            }

            profiles = parsed;
        }

        bool newTargets = config.Targets.Count > 0;
        var next = current with
        {
            Profiles = profiles,
            Targets = newTargets ? [.. config.Targets] : current.Targets,
            Exclusions = newTargets ? [.. config.Exclusions] : current.Exclusions,
            PollInterval = config.PollIntervalSeconds > 0 ? TimeSpan.FromSeconds(config.PollIntervalSeconds) : current.PollInterval,
            DiscoveryInterval = config.DiscoveryIntervalSeconds > 0 ? TimeSpan.FromSeconds(config.DiscoveryIntervalSeconds) : current.DiscoveryInterval,
        };
        var invalid = next.Validate();
        return invalid.IsEmpty ? (next, []) : (null, invalid);
    }

    private static ProfileText Text(Kdfm.Agent.V1.CredentialProfile p) =>
        new(p.Name, p.Version, p.Community, p.User, p.Auth, p.AuthPassphrase, p.Priv, p.PrivPassphrase);
}
