using System.Text.Json.Nodes;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// The agents page's set-config form: targets and exclusions one a line, the intervals, and credential profiles tried in
/// order (an empty profile is left out). Its secrets (communities, passphrases) are write-only: the page never renders
/// them back. <see cref="ToConfig"/> makes the AgentConfig JSON the API's set-config takes (protos: kdfm.agent.v1.AgentConfig).
/// </summary>
public sealed class SetConfigForm
{
    public const int ProfileSlots = 2;

    public string? Targets { get; set; }

    public string? Exclusions { get; set; }

    public int? PollIntervalSeconds { get; set; }

    public int? DiscoveryIntervalSeconds { get; set; }

    public List<Profile> Profiles { get; set; } = [];

    public sealed class Profile
    {
        public string? Name { get; set; }

        /// <summary>1, 2c or 3.</summary>
        public string? Version { get; set; }

        public string? Community { get; set; }

        public string? User { get; set; }

        public string? Auth { get; set; }

        public string? AuthPassphrase { get; set; }

        public string? Priv { get; set; }

        public string? PrivPassphrase { get; set; }

        public bool IsEmpty => string.IsNullOrWhiteSpace(Name) && string.IsNullOrEmpty(Community) && string.IsNullOrWhiteSpace(User);
    }

    /// <summary>The SNMPv3 authentication protocols the collector speaks (RFC 3414, RFC 7860).</summary>
    public static readonly string[] AuthProtocols = ["", "MD5", "SHA", "SHA-224", "SHA-256", "SHA-384", "SHA-512"];

    /// <summary>The privacy protocols (RFC 3414 DES, RFC 3826 AES; AES-192/256 with the Blumenthal key extension, -C with Cisco's).</summary>
    public static readonly string[] PrivProtocols = ["", "DES", "AES", "AES-192", "AES-256", "AES-192-C", "AES-256-C"];

    /// <summary>The AgentConfig as JSON, or why the form cannot be one (a person's words, naming the field).</summary>
    public (JsonObject? Config, string? Problem) ToConfig()
    {
        string[] targets = Lines(Targets);
        if (targets.Length == 0)
        {
            return (null, "Targets: give at least one address, range (10.0.0.1-10.0.0.50), network (10.0.0.0/24) or host name.");
        }

        if (PollIntervalSeconds is < 30 || DiscoveryIntervalSeconds is < 60)
        {
            return (null, "Intervals: polling every 30 s at least, discovery every 60 s at least.");
        }

        var profiles = new JsonArray();
        for (int i = 0; i < Profiles.Count; i++)
        {
            var p = Profiles[i];
            if (p.IsEmpty)
            {
                continue;
            }

            string name = string.IsNullOrWhiteSpace(p.Name) ? $"profile {i + 1}" : p.Name.Trim();
            var profile = new JsonObject { ["name"] = name, ["version"] = p.Version };
            switch (p.Version)
            {
                case "1" or "2c":
                    if (string.IsNullOrEmpty(p.Community))
                    {
                        return (null, $"Profile {name}: SNMP v{p.Version} needs a community.");
                    }

                    profile["community"] = p.Community;
                    break;
                case "3":
                    if (string.IsNullOrWhiteSpace(p.User))
                    {
                        return (null, $"Profile {name}: SNMPv3 needs a user.");
                    }

                    profile["user"] = p.User.Trim();
                    if (!string.IsNullOrEmpty(p.Auth))
                    {
                        // RFC 3414 §11.2: a passphrase of at least 8 characters.
                        if (!AuthProtocols.Contains(p.Auth) || (p.AuthPassphrase?.Length ?? 0) < 8)
                        {
                            return (null, $"Profile {name}: authentication {p.Auth} needs a passphrase of 8 characters or more.");
                        }

                        profile["auth"] = p.Auth;
                        profile["authPassphrase"] = p.AuthPassphrase;
                    }

                    if (!string.IsNullOrEmpty(p.Priv))
                    {
                        if (string.IsNullOrEmpty(p.Auth))
                        {
                            return (null, $"Profile {name}: privacy needs authentication (RFC 3414: noAuthPriv does not exist).");
                        }

                        if (!PrivProtocols.Contains(p.Priv) || (p.PrivPassphrase?.Length ?? 0) < 8)
                        {
                            return (null, $"Profile {name}: privacy {p.Priv} needs a passphrase of 8 characters or more.");
                        }

                        profile["priv"] = p.Priv;
                        profile["privPassphrase"] = p.PrivPassphrase;
                    }

                    break;
                default:
                    return (null, $"Profile {name}: the SNMP version is 1, 2c or 3.");
            }

            profiles.Add(profile);
        }

        var config = new JsonObject
        {
            ["targets"] = new JsonArray([.. targets.Select(t => (JsonNode)t)]),
            ["exclusions"] = new JsonArray([.. Lines(Exclusions).Select(t => (JsonNode)t)]),
        };
        if (PollIntervalSeconds is { } poll)
        {
            config["pollIntervalSeconds"] = poll;
        }

        if (DiscoveryIntervalSeconds is { } discovery)
        {
            config["discoveryIntervalSeconds"] = discovery;
        }

        if (profiles.Count > 0)
        {
            config["profiles"] = profiles;
        }

        return (config, null);
    }

    private static string[] Lines(string? text) =>
        [.. (text ?? "").Split(['\n', '\r', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
}
