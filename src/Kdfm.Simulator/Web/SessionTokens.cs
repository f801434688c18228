using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The value of a device's session cookie: a random nonce and an HMAC-SHA256 of the device's address and that nonce
/// under a key of the process. Stateless (thousands of devices keep no session table), different at every sign-in,
/// and good for the one device that issued it: a cookie of 127.20.0.1 does not open 127.20.0.2.
/// </summary>
internal sealed class SessionTokens(byte[] key)
{
    /// <summary>The cookie's name, as a printer's firmware might call it.</summary>
    public const string CookieName = "printer_session";

    private const int NonceBytes = 16;
    private const int MacBytes = 16;

    /// <summary>A token for <paramref name="device"/>; the nonce comes in (random in the server, fixed in tests).</summary>
    public string Issue(IPAddress device, ReadOnlySpan<byte> nonce)
    {
        if (nonce.Length != NonceBytes)
        {
            throw new ArgumentException($"a nonce is {NonceBytes} bytes", nameof(nonce));
        }

        Span<byte> token = stackalloc byte[NonceBytes + MacBytes];
        nonce.CopyTo(token);
        Mac(device, nonce, token[NonceBytes..]);
        return Base64Url.EncodeToString(token);
    }

    public string Issue(IPAddress device) => Issue(device, RandomNumberGenerator.GetBytes(NonceBytes));

    /// <summary>True when <paramref name="token"/> was issued for <paramref name="device"/> by this key; any other text is false.</summary>
    public bool IsValid(IPAddress device, string? token)
    {
        Span<byte> bytes = stackalloc byte[NonceBytes + MacBytes];
        if (token is null || token.Length != Base64Url.GetEncodedLength(bytes.Length) || !Base64Url.IsValid(token) ||
            !Base64Url.TryDecodeFromChars(token, bytes, out int written) || written != bytes.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Mac(device, bytes[..NonceBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes[NonceBytes..]);
    }

    private void Mac(IPAddress device, ReadOnlySpan<byte> nonce, Span<byte> destination)
    {
        Span<byte> message = stackalloc byte[16 + NonceBytes];
        device.TryWriteBytes(message, out int length);
        nonce.CopyTo(message[length..]);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(key, message[..(length + NonceBytes)], mac);
        mac[..MacBytes].CopyTo(destination);
    }
}
