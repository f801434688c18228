using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Kdfm.Agent;

namespace Kdfm.Collector.Icmp;

/// <summary>
/// The ping a device gets when it stops answering SNMP (at most once per poll interval: <c>DeviceState.PingDue</c>): up to
/// <see cref="Probes"/> echo requests of <see cref="Timeout"/> each, stopping at the first reply. Its outcome is the
/// snapshot's <c>ping</c>: <see cref="Replied"/>, <see cref="NoReply"/>, or <see cref="Unknown"/> when the collector may
/// not ping here (it says so rather than guess). Never throws.
/// </summary>
public static class AutomaticPing
{
    /// <summary>The device answers ping: it is up, its SNMP agent silent.</summary>
    public const string Replied = "replied";

    /// <summary>No echo reply either: the device is down (or unreachable from the collector).</summary>
    public const string NoReply = "noReply";

    /// <summary>The collector could not ping (no CAP_NET_RAW and no usable ping utility, or a local error).</summary>
    public const string Unknown = "unknown";

    public const int Probes = 2;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static async Task<string> CheckAsync(IEchoSender echo, IPAddress address, CancellationToken cancellationToken)
    {
        try
        {
            for (int i = 0; i < Probes; i++)
            {
                if ((await echo.SendAsync(address, PingRequests.DefaultSize, Timeout, cancellationToken).ConfigureAwait(false)).Replied)
                {
                    return Replied;
                }
            }

            return NoReply;
        }
        catch (Exception e) when (e is IcmpUnavailableException or PingException or SocketException)
        {
            return Unknown;
        }
    }
}
