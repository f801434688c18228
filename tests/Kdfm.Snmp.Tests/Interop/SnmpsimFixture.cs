using System.Net;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Snmp.Tests.Interop;

/// <summary>
/// snmpsim (snmpsimd 0.4.5, pysnmp) on 127.0.0.1 and a free port, replaying every walk of the corpus (community =
/// file name) and the demo walks, with v3 users for the key extensions Net-SNMP lacks: snmpsim's AES192/AES256 are
/// Reeder's (our AES-192-C/AES-256-C), its AES192BLMT/AES256BLMT Blumenthal's.
/// </summary>
public sealed class SnmpsimFixture : IAsyncLifetime
{
    public const string AuthPass = "authpass-123";
    public const string PrivPass = "privpass-456";

    public static readonly (string Name, AuthProtocol Auth, PrivProtocol Priv, string SimAuth, string SimPriv)[] Users =
    [
        ("reeder192", AuthProtocol.Md5, PrivProtocol.Aes192C, "MD5", "AES192"),
        ("reeder256", AuthProtocol.Sha1, PrivProtocol.Aes256C, "SHA", "AES256"),
        ("reeder256s", AuthProtocol.Sha256, PrivProtocol.Aes256C, "SHA256", "AES256"),
        ("blmt256", AuthProtocol.Sha1, PrivProtocol.Aes256, "SHA", "AES256BLMT"),
    ];

    private readonly TempDirectory _directory = new("kdfm-snmpsim-");
    private PeerProcess? _process;

    public IPEndPoint EndPoint { get; private set; } = new(IPAddress.Loopback, 0);

    /// <summary>Community (and v3 context) → the walk file it serves.</summary>
    public Dictionary<string, string> Walks { get; } = [];

    public async Task InitializeAsync()
    {
        const string snmpsimd = "/usr/bin/snmpsimd";
        if (!File.Exists(snmpsimd))
        {
            throw new InvalidOperationException("snmpsimd is not installed: ./test.sh installs the Debian package 'snmpsim'");
        }

        string data = _directory["data"];
        string cache = _directory["cache"];
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(cache);
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec").Concat(Directory.EnumerateFiles(RepositoryPaths.DemoWalks, "*.snmprec")))
        {
            string name = Path.GetFileNameWithoutExtension(file);
            File.Copy(file, Path.Combine(data, name + ".snmprec"));
            Walks[name] = file;
        }

        // snmpsimd drops root privileges to nobody: everything it reads or writes must be open to it.
        if (!OperatingSystem.IsWindows())
        {
            foreach (var path in Directory.EnumerateFileSystemEntries(_directory.Path, "*", SearchOption.AllDirectories).Append(_directory.Path))
            {
                File.SetUnixFileMode(path, (UnixFileMode)0b111_111_111);
            }
        }

        int port = FreePort.Udp();
        EndPoint = new IPEndPoint(IPAddress.Loopback, port);
        var arguments = new List<string>
        {
            $"--data-dir={data}", $"--cache-dir={cache}", $"--agent-udpv4-endpoint=127.0.0.1:{port}",
            "--process-user=nobody", "--process-group=nogroup",
        };
        foreach (var user in Users)
        {
            arguments.AddRange([$"--v3-user={user.Name}", $"--v3-auth-key={AuthPass}", $"--v3-auth-proto={user.SimAuth}",
                $"--v3-priv-key={PrivPass}", $"--v3-priv-proto={user.SimPriv}"]);
        }

        _process = PeerProcess.Start(snmpsimd, arguments, workingDirectory: _directory.Path);
        await using var client = new SnmpClient();
        var probe = SnmpTarget.V2c(EndPoint, Walks.Keys.First()) with { Timeout = TimeSpan.FromMilliseconds(500), Retries = 0 };
        await _process.WaitUntilAsync(async _ => (await client.GetAsync(probe, [Oid.Parse("1.3.6.1.2.1.1.1.0")])).Error is not TimeoutError,
            TimeSpan.FromSeconds(60), "snmpsimd");
    }

    public string Log => _process?.Output ?? string.Empty;

    public Task DisposeAsync()
    {
        _process?.Dispose();
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
