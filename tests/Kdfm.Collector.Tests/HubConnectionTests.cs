using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Kdfm.Collector.Gateway;

namespace Kdfm.Collector.Tests;

public sealed class HubConnectionTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return new CertificateRequest("CN=hub", key, HashAlgorithmName.SHA256).CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void A_pinned_certificate_is_accepted_by_its_fingerprint_whoever_signed_it_and_nothing_else_is()
    {
        using var certificate = SelfSigned();
        using var other = SelfSigned();
        string pin = Convert.ToHexString(SHA256.HashData(certificate.RawData));
        string pasted = string.Join(':', Enumerable.Range(0, 32).Select(i => pin.Substring(i * 2, 2).ToLowerInvariant()));

        Assert.Equal(pin, HubConnection.Normalize(pasted));
        Assert.True(HubConnection.Accept(certificate, SslPolicyErrors.RemoteCertificateChainErrors, pasted));
        Assert.False(HubConnection.Accept(other, SslPolicyErrors.RemoteCertificateChainErrors, pin));
        Assert.False(HubConnection.Accept(other, SslPolicyErrors.None, pin)); // a pin overrides even a trusted certificate
        Assert.False(HubConnection.Accept(null, SslPolicyErrors.RemoteCertificateNotAvailable, pin));
    }

    [Fact]
    public void Without_a_pin_only_the_systems_trust_decides()
    {
        using var certificate = SelfSigned();
        Assert.True(HubConnection.Accept(certificate, SslPolicyErrors.None, null));
        Assert.False(HubConnection.Accept(certificate, SslPolicyErrors.RemoteCertificateChainErrors, null));
        Assert.False(HubConnection.Accept(certificate, SslPolicyErrors.RemoteCertificateNameMismatch, ""));
    }
}
