using System.Collections.Immutable;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Configuration;

/// <summary>A credential profile as written (configuration, or a set-config task from the hub).</summary>
public sealed record ProfileText(string Name, string Version, string? Community, string? User, string? Auth, string? AuthPassphrase, string? Priv, string? PrivPassphrase)
{
    /// <summary>
    /// Profiles as written, in their order (the configuration's, or a set-config task's): one without a name is called
    /// "profile-{i}", and each problem names <paramref name="key"/>(i) ("Collector:Profiles:0", "profiles[0]"). Every
    /// profile is checked, so that all the problems are named at once; the profiles that parse are returned beside them.
    /// </summary>
    public static (ImmutableArray<CredentialProfile> Profiles, ImmutableArray<string> Problems) ParseAll(IReadOnlyList<ProfileText> written, Func<int, string> key)
    {
        var profiles = ImmutableArray.CreateBuilder<CredentialProfile>(written.Count);
        var problems = ImmutableArray.CreateBuilder<string>();
        for (int i = 0; i < written.Count; i++)
        {
            var text = string.IsNullOrWhiteSpace(written[i].Name) ? written[i] with { Name = $"profile-{i}" } : written[i];
            var (profile, problem) = text.Parse(key(i));
            if (profile is null)
            {
                problems.Add(problem!);
                continue;
            }

            profiles.Add(profile);
        }

        return (profiles.ToImmutable(), problems.ToImmutable());
    }

    /// <summary>The profile, or a problem that names <paramref name="key"/> (e.g. "Collector:Profiles:0").</summary>
    public (CredentialProfile? Profile, string? Problem) Parse(string key)
    {
        switch (Version)
        {
            case "1" or "2c":
                return string.IsNullOrEmpty(Community)
                    ? (null, $"{key}:Community: a v{Version} profile needs a community")
                    : (new CredentialProfile(Name, Version == "1" ? SnmpVersion.V1 : SnmpVersion.V2c, new Secret(Community)), null);
            case "3":
                var auth = AuthProtocol.None;
                var priv = PrivProtocol.None;
                if (string.IsNullOrEmpty(User))
                {
                    return (null, $"{key}:User: a v3 profile needs a user");
                }

                if (!string.IsNullOrEmpty(Auth) && !UsmProtocols.TryParseAuth(Auth, out auth))
                {
                    return (null, $"{key}:Auth: '{Auth}' is not MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512");
                }

                if (!string.IsNullOrEmpty(Priv) && !UsmProtocols.TryParsePriv(Priv, out priv))
                {
                    return (null, $"{key}:Priv: '{Priv}' is not DES, AES, AES-192, AES-256, AES-192-C or AES-256-C");
                }

                return (new CredentialProfile(Name, SnmpVersion.V3, null, new UsmUser(User, auth,
                    string.IsNullOrEmpty(AuthPassphrase) ? null : new Secret(AuthPassphrase), priv, string.IsNullOrEmpty(PrivPassphrase) ? null : new Secret(PrivPassphrase))), null);
            default:
                return (null, $"{key}:Version: '{Version}' is not 1, 2c or 3");
        }
    }
}
