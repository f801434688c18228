using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Configuration;

/// <summary>A credential profile as written (configuration, or a set-config task from the hub).</summary>
public sealed record ProfileText(string Name, string Version, string? Community, string? User, string? Auth, string? AuthPassphrase, string? Priv, string? PrivPassphrase)
{
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
