using System.Security.Cryptography;
using System.Text;

namespace Kdfm.Hub.Security;

/// <summary>Random secrets (credentials, codes, tokens) and their stored form.</summary>
public static class Secrets
{
    // No 0/O, 1/I/L: codes are typed by people.
    private const string CodeAlphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary><paramref name="length"/> characters people can read aloud.</summary>
    public static string NewCode(int length) => RandomNumberGenerator.GetString(CodeAlphabet, length);

    /// <summary>True when every character is of the code alphabet (upper case).</summary>
    public static bool IsCode(string text) => text.AsSpan().IndexOfAnyExcept(CodeAlphabet) < 0;

    public static string Hash(string secret) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string secret, string hash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(hash));
}
