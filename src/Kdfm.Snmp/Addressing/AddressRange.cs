using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Kdfm.Snmp.Addressing;

/// <summary>
/// An inclusive range of IPv4 addresses, from CIDR (<c>127.20.0.0/22</c>: its host addresses, without the network
/// and broadcast addresses when the prefix is 30 or shorter), a dash range (<c>127.20.0.1-127.20.0.50</c>) or one address.
/// </summary>
public readonly record struct AddressRange(uint First, uint Last)
{
    public long Count => (long)Last - First + 1;

    public IPAddress FirstAddress => ToAddress(First);

    public IPAddress LastAddress => ToAddress(Last);

    public static AddressRange Parse(string text) =>
        TryParse(text, out var range, out string? error) ? range : throw new FormatException(error);

    public static bool TryParse(string text, out AddressRange range, out string? error)
    {
        range = default;
        error = null;
        text = text.Trim();
        int slash = text.IndexOf('/');
        int dash = text.IndexOf('-');
        if (slash > 0)
        {
            if (!TryParseV4(text[..slash], out uint network) || !int.TryParse(text[(slash + 1)..], out int prefix) || prefix is < 0 or > 32)
            {
                error = $"'{text}' is not an IPv4 CIDR block (e.g. 127.20.0.0/22)";
                return false;
            }

            uint mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
            uint first = network & mask;
            uint last = first | ~mask;
            range = prefix <= 30 ? new AddressRange(first + 1, last - 1) : new AddressRange(first, last);
            return true;
        }

        if (dash > 0)
        {
            if (!TryParseV4(text[..dash], out uint first) || !TryParseV4(text[(dash + 1)..], out uint last) || last < first)
            {
                error = $"'{text}' is not an IPv4 range (e.g. 127.20.0.1-127.20.0.50, first ≤ last)";
                return false;
            }

            range = new AddressRange(first, last);
            return true;
        }

        if (!TryParseV4(text, out uint single))
        {
            error = $"'{text}' is not an IPv4 address, range or CIDR block";
            return false;
        }

        range = new AddressRange(single, single);
        return true;
    }

    public IPAddress At(long offset) =>
        offset >= 0 && offset < Count ? ToAddress((uint)(First + offset)) : throw new ArgumentOutOfRangeException(nameof(offset));

    public bool Contains(IPAddress address) =>
        address.AddressFamily == AddressFamily.InterNetwork && ToUInt32(address) is var v && v >= First && v <= Last;

    /// <summary>True when every address of the range is in 127.0.0.0/8 (loopback).</summary>
    public bool IsLoopback => First >> 24 == 127 && Last >> 24 == 127;

    public static uint ToUInt32(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    public static IPAddress ToAddress(uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public override string ToString() => First == Last ? FirstAddress.ToString() : $"{FirstAddress}-{LastAddress}";

    private static bool TryParseV4(string text, out uint value)
    {
        value = 0;
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != AddressFamily.InterNetwork || text.Count(c => c == '.') != 3)
        {
            return false;
        }

        value = ToUInt32(address);
        return true;
    }
}
