using System.Net;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Snmp.Tests.Interop;

/// <summary>
/// A real Net-SNMP snmpd on 127.0.0.1 and a free port, with a v1/v2c community and one v3 user per
/// auth × privacy pair Net-SNMP 5.9.3 has.
/// </summary>
public sealed class SnmpdFixture : IAsyncLifetime
{
    public const string Community = "kdfm-ro";
    public const string SysDescr = "Kdfm interop agent";
    public const string AuthPass = "authpass-123";
    public const string PrivPass = "privpass-456";

    public static readonly AuthProtocol[] AuthProtocols =
        [AuthProtocol.Md5, AuthProtocol.Sha1, AuthProtocol.Sha224, AuthProtocol.Sha256, AuthProtocol.Sha384, AuthProtocol.Sha512];

    /// <summary>What Net-SNMP 5.9.3 calls DES, AES, AES-192 and AES-256 (Blumenthal key extension).</summary>
    public static readonly PrivProtocol[] PrivProtocols = [PrivProtocol.Des, PrivProtocol.Aes128, PrivProtocol.Aes192, PrivProtocol.Aes256];

    private readonly TempDirectory _directory = new("kdfm-snmpd-");
    private PeerProcess? _snmpd;

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    public static string UserName(AuthProtocol auth, PrivProtocol priv) =>
        priv == PrivProtocol.None ? $"a-{auth.Name()}" : $"p-{auth.Name()}-{priv.Name()}";

    public static UsmUser User(AuthProtocol auth, PrivProtocol priv) =>
        new(UserName(auth, priv), auth, new Secret(AuthPass), priv, priv == PrivProtocol.None ? null : new Secret(PrivPass));

    public async Task InitializeAsync()
    {
        const string snmpd = "/usr/sbin/snmpd";
        if (!File.Exists(snmpd))
        {
            throw new InvalidOperationException("snmpd is not installed: ./test.sh installs the Debian package 'snmpd'");
        }

        int port = FreePort.Udp();
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
        var lines = new List<string>
        {
            $"agentAddress udp:127.0.0.1:{port}",
            $"rocommunity {Community} 127.0.0.1",
            $"sysDescr {SysDescr}",
            "sysName kdfm-interop",
            "sysLocation loopback",
            "sysContact nobody",
            "dontLogTCPWrappersConnects yes",
            "createUser plain",
            "rouser plain noauth",
        };
        foreach (var auth in AuthProtocols)
        {
            lines.Add($"createUser {UserName(auth, PrivProtocol.None)} {auth.Name()} \"{AuthPass}\"");
            lines.Add($"rouser {UserName(auth, PrivProtocol.None)} auth");
            foreach (var priv in PrivProtocols)
            {
                lines.Add($"createUser {UserName(auth, priv)} {auth.Name()} \"{AuthPass}\" {priv.Name()} \"{PrivPass}\"");
                lines.Add($"rouser {UserName(auth, priv)} priv");
            }
        }

        string config = _directory["snmpd.conf"];
        await File.WriteAllLinesAsync(config, lines);
        Directory.CreateDirectory(_directory["persist"]);
        var environment = new Dictionary<string, string>(CommandLine.NetSnmpEnvironment) { ["SNMP_PERSISTENT_DIR"] = _directory["persist"] };
        _snmpd = PeerProcess.Start(snmpd, ["-f", "-Lo", "-C", "-I", "-smux", "-c", config], environment);

        await using var client = new SnmpClient();
        var probe = SnmpTarget.V2c(EndPoint, Community) with { Timeout = TimeSpan.FromMilliseconds(200), Retries = 0 };
        await _snmpd.WaitUntilAsync(async _ => (await client.GetAsync(probe, [Oid.Parse("1.3.6.1.2.1.1.1.0")])).IsSuccess,
            TimeSpan.FromSeconds(30), "snmpd");
    }

    public string Log => _snmpd?.Output ?? string.Empty;

    public Task DisposeAsync()
    {
        _snmpd?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
