using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The TLS side of every device's HTTPS listener: each device's own self-signed certificate
/// (<see cref="SelfSignedCertificate"/>), made in memory on the device's first handshake and kept for the next ones.
/// Made lazily because a certificate and its context cost about 2 ms: 4000 devices made up front took 8 s to start
/// where HTTP alone took 1 s. Never written to disk.
/// </summary>
internal sealed class DeviceCertificates(DateTimeOffset now) : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ConcurrentDictionary<IPAddress, Lazy<(X509Certificate2 Certificate, SslStreamCertificateContext Context)>> _made = new();

    /// <summary>The server side of a handshake on <paramref name="address"/>: a new options object each time (Kestrel completes it), one certificate context per device.</summary>
    public SslServerAuthenticationOptions OptionsFor(IPAddress address) =>
        new() { ServerCertificateContext = _made.GetOrAdd(address, a => new Lazy<(X509Certificate2, SslStreamCertificateContext)>(() => Make(a))).Value.Context };

    private (X509Certificate2, SslStreamCertificateContext) Make(IPAddress address)
    {
        var certificate = SelfSignedCertificate.Create(address, _key, now);
        return (certificate, SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true));
    }

    public void Dispose()
    {
        foreach (var made in _made.Values.Where(m => m.IsValueCreated))
        {
            made.Value.Certificate.Dispose();
        }

        _key.Dispose();
    }
}
