using System.Text;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Crypto.Utilities;
using Org.BouncyCastle.Security;
using Renci.SshNet;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The agent's SSH key for Device Web Access tunnels: an ed25519 pair made at activation (or by a rotate-ssh-key task),
/// the private half in the data directory readable by the owner only, the public half given to the hub. .NET has no
/// ed25519, so the pair is made with BouncyCastle (which SSH.NET itself uses) and written in OpenSSH's format, which
/// SSH.NET reads back.
/// </summary>
public static class SshKey
{
    public const string FileName = "ssh-key";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public static bool Exists(string dataDirectory) => File.Exists(PathIn(dataDirectory));

    /// <summary>Makes a new pair, replacing the old one; returns the public key ("ssh-ed25519 AAAA… kdfm-agent").</summary>
    public static string Create(string dataDirectory)
    {
        var generator = new Ed25519KeyPairGenerator();
        generator.Init(new Ed25519KeyGenerationParameters(new SecureRandom()));
        var pair = generator.GenerateKeyPair();
        byte[] blob = OpenSshPrivateKeyUtilities.EncodePrivateKey(pair.Private);
        var pem = new StringBuilder("-----BEGIN OPENSSH PRIVATE KEY-----\n");
        string body = Convert.ToBase64String(blob);
        for (int i = 0; i < body.Length; i += 70)
        {
            pem.Append(body, i, Math.Min(70, body.Length - i)).Append('\n');
        }

        pem.Append("-----END OPENSSH PRIVATE KEY-----\n");
        string publicKey = PublicKeyText((Ed25519PublicKeyParameters)pair.Public);
        OwnerOnlyFile.Write(PathIn(dataDirectory) + ".pub", publicKey + "\n");
        OwnerOnlyFile.Write(PathIn(dataDirectory), pem.ToString());
        return publicKey;
    }

    /// <summary>The public key of the pair in the data directory (kept beside it), or null when there is none.</summary>
    public static string? PublicKey(string dataDirectory)
    {
        string path = PathIn(dataDirectory) + ".pub";
        return Exists(dataDirectory) && File.Exists(path) ? File.ReadAllText(path).Trim() : null;
    }

    /// <summary>The private key for SSH.NET; an error naming the file when it is damaged.</summary>
    public static PrivateKeyFile Load(string dataDirectory)
    {
        string path = PathIn(dataDirectory);
        try
        {
            return new PrivateKeyFile(path);
        }
        catch (Exception e) when (e is Renci.SshNet.Common.SshException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a usable SSH private key ({e.Message}); a rotate-ssh-key task from the hub makes a new one", e);
        }
    }

    private static string PublicKeyText(Ed25519PublicKeyParameters key) =>
        "ssh-ed25519 " + Convert.ToBase64String(OpenSshPublicKeyUtilities.EncodePublicKey(key)) + " kdfm-agent";
}
