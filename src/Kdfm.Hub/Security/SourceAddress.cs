using System.Net;
using System.Net.Sockets;

namespace Kdfm.Hub.Security;

/// <summary>
/// Who a caller is for rate limits and throttled logs: an IPv4 address on its own, an IPv6 address by its /64 (one host
/// commonly holds a whole /64, and privacy addresses change within it: per-address limits would mean nothing).
/// </summary>
public static class SourceAddress
{
    public static IPAddress Key(IPAddress? address)
    {
        if (address is null)
        {
            return IPAddress.None;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            return address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address;
        }

        // RFC 4291 §2.5.4: the first 64 bits are the subnet prefix, the rest the interface identifier.
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes);
    }
}
