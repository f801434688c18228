using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The certificate a simulated device presents on its HTTPS port, made at start-up and kept in memory only: self-signed,
/// as printers ship, for the device's own address (subjectAltName iPAddress, RFC 5280 §4.2.1.6), so a client that
/// inspects it sees which device answered. Every device's certificate shares one ECDSA P-256 key: signing a few
/// thousand certificates is fast, generating a few thousand keys is not.
/// </summary>
internal static class SelfSignedCertificate
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1", "Server Authentication"); // RFC 5280 §4.2.1.12

    public static X509Certificate2 Create(IPAddress address, ECDsa key, DateTimeOffset now)
    {
        var subject = new X500DistinguishedNameBuilder();
        subject.AddOrganizationName("kdfm-sim");
        subject.AddCommonName(address.ToString());
        var request = new CertificateRequest(subject.Build(), key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication], false));
        // CreateSelfSigned gives each certificate a random serial number (RFC 5280 §4.1.2.2).
        return request.CreateSelfSigned(now.AddDays(-1), now.AddYears(1));
    }
}
