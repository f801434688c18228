using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kdfm.Testing;

/// <summary>
/// Debian's mosquitto as a real external broker on a free loopback port: MQTT over TLS with a certificate of its own
/// (or one given), user names and passwords, and an ACL by which each user reads only kdfm/agents/{user}/# and the
/// hub's user may publish under kdfm/agents/.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    public const string HubUser = "kdfm-hub";

    private readonly TempDirectory _directory;
    private readonly PeerProcess _process;

    private MosquittoBroker(TempDirectory directory, PeerProcess process, int port, string fingerprint)
    {
        _directory = directory;
        _process = process;
        Port = port;
        Fingerprint = fingerprint;
    }

    public int Port { get; }

    /// <summary>SHA-256 of the broker's certificate, hex upper case (what a collector pins).</summary>
    public string Fingerprint { get; }

    public string CertificateFile => _directory["cert.pem"];

    public string Output => _process.Output;

    public static async Task<MosquittoBroker> StartAsync(IReadOnlyDictionary<string, string> users, X509Certificate2? certificate = null)
    {
        var directory = new TempDirectory("kdfm-mosquitto-");
        using var made = certificate is null ? SelfSigned() : null;
        var cert = certificate ?? made!;
        File.WriteAllText(directory["cert.pem"], cert.ExportCertificatePem());
        File.WriteAllText(directory["key.pem"], (cert.GetECDsaPrivateKey() as AsymmetricAlgorithm ?? cert.GetRSAPrivateKey()!).ExportPkcs8PrivateKeyPem());
        bool first = true;
        foreach (var (user, password) in users)
        {
            var (exit, output, error) = await CommandLine.RunAsync("mosquitto_passwd", first ? ["-b", "-c", directory["passwd"], user, password] : ["-b", directory["passwd"], user, password]);
            if (exit != 0)
            {
                throw new InvalidOperationException($"mosquitto_passwd: {output}{error}");
            }

            first = false;
        }

        File.WriteAllText(directory["acl"], $"user {HubUser}\ntopic write kdfm/agents/#\n\npattern read kdfm/agents/%u/#\n");
        int port = FreePort.Tcp();
        File.WriteAllText(directory["mosquitto.conf"], $"""
            user root
            persistence false
            log_dest stderr
            log_type error
            log_type warning
            log_type notice
            log_type information
            allow_anonymous false
            password_file {directory["passwd"]}
            acl_file {directory["acl"]}
            listener {port} 127.0.0.1
            certfile {directory["cert.pem"]}
            keyfile {directory["key.pem"]}
            tls_version tlsv1.2
            """);
        var process = PeerProcess.Start("/usr/sbin/mosquitto", ["-c", directory["mosquitto.conf"]]);
        await process.WaitForOutputAsync("running", TimeSpan.FromSeconds(20), "mosquitto start");
        return new MosquittoBroker(directory, process, port, Convert.ToHexString(SHA256.HashData(cert.RawData)));
    }

    /// <summary>Adds (or changes) a user and makes the running broker reload its password file.</summary>
    public async Task AddUserAsync(string user, string password)
    {
        var (exit, output, error) = await CommandLine.RunAsync("mosquitto_passwd", ["-b", _directory["passwd"], user, password]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"mosquitto_passwd: {output}{error}");
        }

        await CommandLine.RunAsync("kill", ["-HUP", _process.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]).ConfigureAwait(false);
        // The reload is asynchronous: done once the new user can log in (a publish it may not make is still accepted at QoS 1).
        await Eventually.True(async () => (await PublishAsync(user, password, $"kdfm/reload-check/{user}", "x").ConfigureAwait(false)).ExitCode == 0,
            $"mosquitto accepts {user} after its reload").ConfigureAwait(false);
    }

    /// <summary>Publishes one message with mosquitto_pub as <paramref name="user"/> (QoS 1, TLS checked against the broker's certificate).</summary>
    public Task<(int ExitCode, string Output, string Error)> PublishAsync(string user, string password, string topic, string message) =>
        CommandLine.RunAsync("mosquitto_pub", ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cafile", CertificateFile,
            "-u", user, "-P", password, "-t", topic, "-m", message, "-q", "1"]);

    public static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kdfm-test-broker", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
    }

    public void Dispose()
    {
        _process.Dispose();
        _directory.Dispose();
    }
}
