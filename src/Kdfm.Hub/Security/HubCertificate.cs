using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kdfm.Hub.Security;

/// <summary>
/// The hub's TLS certificate: the configured one (a PFX file), else a self-signed one made on first start and kept in
/// the data directory (owner-only), for loopback and the machine's name. Agents pin it by its SHA-256 fingerprint.
/// </summary>
public static class HubCertificate
{
    public static X509Certificate2 LoadOrCreate(HubOptions options)
    {
        if (!string.IsNullOrEmpty(options.CertificatePath))
        {
            if (!File.Exists(options.CertificatePath))
            {
                throw new InvalidOperationException($"Hub:CertificatePath: {options.CertificatePath}: no such file");
            }

            return X509CertificateLoader.LoadPkcs12FromFile(options.CertificatePath, options.CertificatePassword);
        }

        string path = Path.Combine(options.DataDirectory, "hub-certificate.pfx");
        if (File.Exists(path))
        {
            var existing = X509CertificateLoader.LoadPkcs12FromFile(path, password: null);
            WritePublicPem(options, existing);
            return existing;
        }

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kdfm-hub", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        names.AddDnsName(Environment.MachineName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        byte[] pfx = created.Export(X509ContentType.Pfx);
        OwnerOnly.WriteAllBytes(path, pfx);
        var loaded = X509CertificateLoader.LoadPkcs12(pfx, password: null);
        WritePublicPem(options, loaded);
        return loaded;
    }

    /// <summary>The certificate alone (no key) as PEM beside it, for clients that trust a file: curl --cacert DIR/hub-certificate.pem.</summary>
    private static void WritePublicPem(HubOptions options, X509Certificate2 certificate) =>
        File.WriteAllText(Path.Combine(options.DataDirectory, "hub-certificate.pem"), certificate.ExportCertificatePem() + "\n");

    /// <summary>The pin agents compare: SHA-256 of the certificate, hex, upper case.</summary>
    public static string Fingerprint(X509Certificate2 certificate) => certificate.GetCertHashString(HashAlgorithmName.SHA256);
}
