namespace Kdfm.Snmp.Tests;

internal static class Hex
{
    /// <summary>Bytes from hex written with any spacing ("30 29 02 01").</summary>
    public static byte[] Bytes(string hex) => Convert.FromHexString(string.Concat(hex.Where(Uri.IsHexDigit)));

    public static string Of(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
