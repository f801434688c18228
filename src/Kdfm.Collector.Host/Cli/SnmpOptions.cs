using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Host.Cli;

/// <summary>The SNMP options shared by every command that talks to a device, with Net-SNMP's names.</summary>
internal sealed class SnmpOptions
{
    public Option<string> Version { get; } = new("-v") { Description = "SNMP version: 1, 2c or 3", DefaultValueFactory = _ => "2c" };

    public Option<string> Community { get; } = new("-c") { Description = "Community (v1/v2c)", DefaultValueFactory = _ => "public" };

    public Option<string?> User { get; } = new("-u") { Description = "Security name (v3)" };

    public Option<string?> Level { get; } = new("-l") { Description = "noAuthNoPriv|authNoPriv|authPriv (default: from -a/-x)" };

    public Option<string?> AuthProtocol { get; } = new("-a") { Description = "MD5|SHA|SHA-224|SHA-256|SHA-384|SHA-512" };

    public Option<string?> AuthPassphrase { get; } = new("-A") { Description = "Authentication passphrase" };

    public Option<string?> PrivProtocol { get; } = new("-x") { Description = "DES|AES|AES-192|AES-256|AES-192-C|AES-256-C" };

    public Option<string?> PrivPassphrase { get; } = new("-X") { Description = "Privacy passphrase" };

    public Option<string> Context { get; } = new("-n") { Description = "Context name (v3)", DefaultValueFactory = _ => string.Empty };

    public Option<double> Timeout { get; } = new("-t") { Description = "Timeout per attempt, in seconds", DefaultValueFactory = _ => 1.0 };

    public Option<int> Retries { get; } = new("-r") { Description = "Retries after a timeout", DefaultValueFactory = _ => 2 };

    public Option<int> MaxRepetitions { get; } = new("-Cr") { Description = "GETBULK max-repetitions", DefaultValueFactory = _ => 25 };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Version, Community, User, Level, AuthProtocol, AuthPassphrase, PrivProtocol, PrivPassphrase, Context, Timeout, Retries, MaxRepetitions })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Builds the target; throws <see cref="UsageException"/> naming the option at fault.</summary>
    public SnmpTarget BuildTarget(ParseResult result, string host)
    {
        var endPoint = ParseEndPoint(host);
        double seconds = result.GetValue(Timeout);
        int retries = result.GetValue(Retries);
        int repetitions = result.GetValue(MaxRepetitions);
        if (seconds is <= 0 or > 600)
        {
            throw new UsageException($"-t {seconds.ToString(CultureInfo.InvariantCulture)}: the timeout is between 0 and 600 seconds");
        }

        if (retries is < 0 or > 20)
        {
            throw new UsageException($"-r {retries}: retries are between 0 and 20");
        }

        if (repetitions is < 1 or > 1000)
        {
            throw new UsageException($"-Cr {repetitions}: max-repetitions is between 1 and 1000");
        }

        var (version, community, user) = BuildCredentials(result);
        var target = new SnmpTarget(endPoint, version, community, user) { ContextName = result.GetValue(Context)! };
        return target with { Timeout = TimeSpan.FromSeconds(seconds), Retries = retries, MaxRepetitions = repetitions };
    }

    /// <summary>The version and credentials of -v, -c, -u, -l, -a, -A, -x, -X.</summary>
    public (SnmpVersion Version, Secret? Community, UsmUser? User) BuildCredentials(ParseResult result) => result.GetValue(Version) switch
    {
        "1" => (SnmpVersion.V1, new Secret(result.GetValue(Community)!), null),
        "2c" or "2" => (SnmpVersion.V2c, new Secret(result.GetValue(Community)!), null),
        "3" => (SnmpVersion.V3, null, BuildUser(result)),
        var other => throw new UsageException($"-v {other}: the version is 1, 2c or 3"),
    };

    private UsmUser BuildUser(ParseResult result)
    {
        string name = result.GetValue(User) ?? throw new UsageException("-u: SNMPv3 needs a user name");
        string? authName = result.GetValue(AuthProtocol);
        string? privName = result.GetValue(PrivProtocol);
        var level = result.GetValue(Level) switch
        {
            null => privName is not null ? SecurityLevel.AuthPriv : authName is not null ? SecurityLevel.AuthNoPriv : SecurityLevel.NoAuthNoPriv,
            var l when l.Equals("noAuthNoPriv", StringComparison.OrdinalIgnoreCase) || l == "1" => SecurityLevel.NoAuthNoPriv,
            var l when l.Equals("authNoPriv", StringComparison.OrdinalIgnoreCase) || l == "2" => SecurityLevel.AuthNoPriv,
            var l when l.Equals("authPriv", StringComparison.OrdinalIgnoreCase) || l == "3" => SecurityLevel.AuthPriv,
            var l => throw new UsageException($"-l {l}: the level is noAuthNoPriv, authNoPriv or authPriv"),
        };

        if (level == SecurityLevel.NoAuthNoPriv)
        {
            return new UsmUser(name);
        }

        if (authName is null)
        {
            throw new UsageException($"-a: {level} needs an authentication protocol");
        }

        if (!UsmProtocols.TryParseAuth(authName, out var auth))
        {
            throw new UsageException($"-a {authName}: expected MD5, SHA, SHA-224, SHA-256, SHA-384 or SHA-512");
        }

        var authPass = result.GetValue(AuthPassphrase) ?? throw new UsageException($"-A: {level} needs an authentication passphrase");
        var priv = Kdfm.Snmp.Security.PrivProtocol.None;
        Secret? privSecret = null;
        if (level == SecurityLevel.AuthPriv)
        {
            if (privName is null)
            {
                throw new UsageException("-x: authPriv needs a privacy protocol");
            }

            if (!UsmProtocols.TryParsePriv(privName, out priv))
            {
                throw new UsageException($"-x {privName}: expected DES, AES, AES-192, AES-256, AES-192-C or AES-256-C");
            }

            privSecret = new Secret(result.GetValue(PrivPassphrase) ?? throw new UsageException("-X: authPriv needs a privacy passphrase"));
        }

        var user = new UsmUser(name, auth, new Secret(authPass), priv, privSecret);
        if (user.Validate() is { } problem)
        {
            throw new UsageException(problem);
        }

        return user;
    }

    /// <summary>HOST[:PORT], [IPv6]:PORT, or Net-SNMP's udp:HOST:PORT; names are resolved (IPv4 first).</summary>
    public static IPEndPoint ParseEndPoint(string text)
    {
        string spec = text.StartsWith("udp:", StringComparison.OrdinalIgnoreCase) ? text[4..] : text;
        string host = spec;
        int port = 161;
        if (spec.StartsWith('['))
        {
            int close = spec.IndexOf(']');
            if (close < 0)
            {
                throw new UsageException($"'{text}': missing ']' after an IPv6 address");
            }

            host = spec[1..close];
            if (close + 1 < spec.Length && (spec[close + 1] != ':' || !int.TryParse(spec[(close + 2)..], out port)))
            {
                throw new UsageException($"'{text}': expected [ADDRESS]:PORT");
            }
        }
        else if (spec.Count(c => c == ':') == 1)
        {
            int colon = spec.IndexOf(':');
            host = spec[..colon];
            if (!int.TryParse(spec[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                throw new UsageException($"'{text}': '{spec[(colon + 1)..]}' is not a port");
            }
        }

        if (port is < 1 or > 65535)
        {
            throw new UsageException($"'{text}': {port} is not a UDP port");
        }

        if (IPAddress.TryParse(host, out var address))
        {
            return new IPEndPoint(address, port);
        }

        try
        {
            var addresses = Dns.GetHostAddresses(host);
            var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
                ?? throw new UsageException($"'{host}': the name has no address");
            return new IPEndPoint(chosen, port);
        }
        catch (SocketException e)
        {
            throw new UsageException($"'{host}': cannot resolve the name ({e.SocketErrorCode})");
        }
    }
}
