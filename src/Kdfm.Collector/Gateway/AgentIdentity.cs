using System.Text.Json;
using System.Text.Json.Serialization;
using Kdfm.Snmp.Security;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// What activation gave this installation: the hub, the agent id and credential, the hub's pinned certificate, and the
/// hub's SSH endpoint for Device Web Access with its pinned host key (null when the hub had it off).
/// </summary>
public sealed record AgentIdentity(Uri Hub, string AgentId, Secret Credential, string Tenant, string? Pin)
{
    public SshHub? Ssh { get; init; }

    public const string FileName = "agent.json";

    /// <summary>The identity in the data directory, or null before activation; a damaged file is an error naming it.</summary>
    public static AgentIdentity? Load(string dataDirectory)
    {
        string path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var stored = JsonSerializer.Deserialize<Stored>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException("empty");
            if (!Uri.TryCreate(stored.Hub, UriKind.Absolute, out var hub) || string.IsNullOrEmpty(stored.AgentId) || string.IsNullOrEmpty(stored.Credential))
            {
                throw new InvalidDataException("hub, agentId and credential are needed");
            }

            if (hub.Scheme != Uri.UriSchemeHttps)
            {
                // The credential goes with every call: never over plain HTTP (activate only takes https:// either).
                throw new InvalidDataException($"the hub {hub} is not an https:// URL");
            }

            return new AgentIdentity(hub, stored.AgentId, new Secret(stored.Credential), stored.Tenant ?? string.Empty, stored.Pin) { Ssh = stored.Ssh };
        }
        catch (Exception e) when (e is JsonException or InvalidDataException)
        {
            throw new InvalidDataException($"{path}: not a valid agent identity ({e.Message}); activate again with kdfm-collector activate --reset, then activate", e);
        }
    }

    /// <summary>Writes the identity readable by the owner only (it holds the credential).</summary>
    public void Save(string dataDirectory)
    {
        var stored = new Stored(Hub.ToString(), AgentId, Credential.RevealText(), Tenant, Pin, Ssh);
        OwnerOnlyFile.Write(Path.Combine(dataDirectory, FileName), JsonSerializer.Serialize(stored, Json));
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private sealed record Stored(string Hub, string AgentId, string Credential, string? Tenant, string? Pin, SshHub? Ssh);
}

/// <summary>The hub's sshd for tunnels: where (an empty host = the hub URL's host), as whom, and its host key ("ssh-ed25519 AAAA…").</summary>
public sealed record SshHub(string Host, int Port, string User, string HostKey)
{
    /// <summary>The endpoint the hub sent, or null when it sent none (Device Web Access off at the hub).</summary>
    public static SshHub? From(Kdfm.Agent.V1.SshEndpoint? endpoint) =>
        endpoint is null || endpoint.Port <= 0 || string.IsNullOrEmpty(endpoint.HostKey) ? null : new SshHub(endpoint.Host, endpoint.Port, endpoint.User, endpoint.HostKey);

    /// <summary>The host to connect to: the one the hub named, else the host of the hub's URL.</summary>
    public string HostFor(Uri hub) => string.IsNullOrEmpty(Host) ? hub.Host : Host;

    /// <summary>Whether a host key the server showed is the pinned one (the key's wire blob against the pin's base64).</summary>
    public bool Matches(string algorithm, byte[] blob)
    {
        string[] parts = HostKey.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && string.Equals(parts[0], algorithm, StringComparison.Ordinal)
            && string.Equals(parts[1], Convert.ToBase64String(blob), StringComparison.Ordinal);
    }
}

/// <summary>Files only the owner may read or write (credentials).</summary>
public static class OwnerOnlyFile
{
    public static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
