using System.Buffers.Binary;

namespace Kdfm.Hub.WebAccess;

/// <summary>
/// An agent's SSH public key, checked: an OpenSSH "ssh-ed25519 BASE64 [comment]" whose blob is exactly the ed25519 key
/// format (RFC 8709: string "ssh-ed25519", string of 32 bytes). Only the algorithm and the base64 are kept, and they are
/// written into sshd's answers, so nothing else an agent sends (options, newlines, a second key) can reach them.
/// </summary>
public sealed record SshPublicKey(string Algorithm, string Base64)
{
    public const string Ed25519 = "ssh-ed25519";

    public static bool TryParse(string? text, out SshPublicKey key, out string problem)
    {
        key = new SshPublicKey(string.Empty, string.Empty);
        string[] parts = (text ?? string.Empty).Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || parts[0] != Ed25519)
        {
            problem = "an SSH public key must be \"ssh-ed25519 AAAA…\" (OpenSSH format)";
            return false;
        }

        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(parts[1]);
        }
        catch (FormatException)
        {
            problem = "the SSH public key is not base64";
            return false;
        }

        // uint32 11, "ssh-ed25519", uint32 32, 32 bytes.
        if (blob.Length != 4 + 11 + 4 + 32 || BinaryPrimitives.ReadUInt32BigEndian(blob) != 11
            || System.Text.Encoding.ASCII.GetString(blob, 4, 11) != Ed25519 || BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(15)) != 32)
        {
            problem = "the SSH public key's blob is not an ed25519 key";
            return false;
        }

        key = new SshPublicKey(Ed25519, Convert.ToBase64String(blob));
        problem = string.Empty;
        return true;
    }

    /// <summary>"ssh-ed25519 AAAA…".</summary>
    public override string ToString() => $"{Algorithm} {Base64}";
}
