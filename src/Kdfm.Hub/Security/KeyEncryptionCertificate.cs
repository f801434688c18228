using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Kdfm.Hub.Security;

/// <summary>
/// The certificate that encrypts the Data Protection keys kept in the hub's store (they protect the second-factor keys,
/// recovery codes, OIDC client secrets and one-time links): made on first start in the data directory
/// (<c>key-encryption.pfx</c>, owner-only) and never rotated, so that a copy of the database alone — a PostgreSQL backup,
/// a stolen hub.db — opens none of those secrets. Separate from the TLS certificate, which an operator may replace.
/// Back it up with the database: without it, users enrol their second factor again.
/// </summary>
public static class KeyEncryptionCertificate
{
    public const string FileName = "key-encryption.pfx";

    public static X509Certificate2 LoadOrCreate(HubOptions options)
    {
        string path = Path.Combine(options.DataDirectory, FileName);
        if (File.Exists(path))
        {
            return X509CertificateLoader.LoadPkcs12FromFile(path, password: null, X509KeyStorageFlags.EphemeralKeySet);
        }

        using var key = RSA.Create(3072);
        var request = new CertificateRequest("CN=kdfm-hub key encryption", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyEncipherment | X509KeyUsageFlags.DataEncipherment, true));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(100));
        byte[] pfx = created.Export(X509ContentType.Pfx);
        OwnerOnly.WriteAllBytes(path, pfx);
        return X509CertificateLoader.LoadPkcs12(pfx, password: null, X509KeyStorageFlags.EphemeralKeySet);
    }
}
