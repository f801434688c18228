using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Text;

namespace Kdfm.Collector.Icmp;

/// <summary>
/// Echo requests with .NET's <see cref="Ping"/>. On Linux it sends them itself over a raw socket when the process may open
/// one (root, or CAP_NET_RAW), else it runs the system's ping utility (iputils-ping), which sends only its own default
/// payload; it never uses unprivileged ICMP sockets (DESIGN.md §"ICMP on Linux"). Which way works is found once, by an
/// echo to the loopback address (which always answers when ICMP works at all), and kept; a machine where neither works
/// throws <see cref="IcmpUnavailableException"/> and is asked again next time (the capability may be given meanwhile).
/// The round trip is measured around each request on the raw path (microseconds); through the utility it is the utility's,
/// in whole milliseconds.
/// </summary>
public sealed class SystemEcho : IEchoSender
{
    /// <summary>The payload .NET's Ping sends when none is given (its DefaultSendBuffer), the only one the utility path sends.</summary>
    public const int UtilityPayloadBytes = 32;

    private static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    private readonly Dictionary<AddressFamily, Way> _ways = [];

    public static SystemEcho Shared { get; } = new();

    private enum Way
    {
        RawSocket,
        PingUtility,
    }

    public async Task<Echo> SendAsync(IPAddress address, int payloadBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var way = await WayAsync(address.AddressFamily, cancellationToken).ConfigureAwait(false);
        if (way == Way.PingUtility && payloadBytes != UtilityPayloadBytes && payloadBytes != Kdfm.Agent.PingRequests.DefaultSize)
        {
            throw new IcmpUnavailableException(
                $"a payload of {payloadBytes} bytes needs the CAP_NET_RAW capability (AmbientCapabilities=CAP_NET_RAW in the collector's service unit): without it the collector pings through the ping utility, which sends only its {UtilityPayloadBytes}-byte default");
        }

        return await SendAsync(address, way, payloadBytes, timeout, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<Echo> SendAsync(IPAddress address, Way way, int payloadBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var ping = new Ping();
        try
        {
            if (way == Way.RawSocket)
            {
                long started = Stopwatch.GetTimestamp();
                var reply = await ping.SendPingAsync(address, timeout, new byte[payloadBytes], null, cancellationToken).ConfigureAwait(false);
                var elapsed = Stopwatch.GetElapsedTime(started);
                return new Echo(StatusName(reply.Status), reply.Status == IPStatus.Success ? elapsed.TotalMilliseconds : 0, payloadBytes);
            }

            // No buffer: .NET's default one, the only payload its ping-utility path sends (it checks the buffer by reference).
            var viaUtility = await ping.SendPingAsync(address, timeout, null, null, cancellationToken).ConfigureAwait(false);
            return new Echo(StatusName(viaUtility.Status), viaUtility.Status == IPStatus.Success ? viaUtility.RoundtripTime : 0, UtilityPayloadBytes);
        }
        catch (Exception e) when (Unavailable(e) is { } unavailable)
        {
            throw unavailable;
        }
    }

    /// <summary>How echo requests go out for <paramref name="family"/>: found by an echo to the loopback address, kept once it worked.</summary>
    private async Task<Way> WayAsync(AddressFamily family, CancellationToken cancellationToken)
    {
        lock (_ways)
        {
            if (_ways.TryGetValue(family, out var known))
            {
                return known;
            }
        }

        var way = CanOpenRawSocket(family) ? Way.RawSocket : Way.PingUtility;
        var loopback = family == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback;
        var check = await SendAsync(loopback, way, UtilityPayloadBytes, CheckTimeout, cancellationToken).ConfigureAwait(false);
        if (!check.Replied)
        {
            // The utility ran but got nothing from loopback: it could not open its socket (it exits 2, which .NET reads as a
            // timeout), e.g. a ping without its file capability where unprivileged ICMP sockets are closed.
            throw new IcmpUnavailableException(Sentence($"the ping utility gets no reply even from {loopback} ({check.Status})"));
        }

        lock (_ways)
        {
            _ways[family] = way;
        }

        return way;
    }

    /// <summary>What .NET itself checks before choosing its raw-socket path: may this process open a raw ICMP socket?</summary>
    private static bool CanOpenRawSocket(AddressFamily family)
    {
        try
        {
            using var socket = new Socket(family, SocketType.Raw, family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp);
            return true;
        }
        catch (SocketException)
        {
            return false; // EPERM without CAP_NET_RAW
        }
    }

    /// <summary>
    /// The library's ways of saying "no ICMP here", as ours: no ping utility (PlatformNotSupportedException: .NET found
    /// none, or refused a payload the utility cannot send), or a utility that cannot be started (a PingException around a
    /// Win32Exception: EPERM when the capability it carries is not allowed, EACCES). Anything else (a SocketException, also a
    /// Win32Exception, is the network's answer) is not about the capability: null.
    /// </summary>
    public static IcmpUnavailableException? Unavailable(Exception e) => e switch
    {
        IcmpUnavailableException => null,
        PlatformNotSupportedException => new IcmpUnavailableException(Sentence("no ping utility is installed"), e),
        PingException { InnerException: Win32Exception start and not SocketException } =>
            new IcmpUnavailableException(Sentence($"the ping utility could not be started ({new Win32Exception(start.NativeErrorCode).Message})"), e),
        _ => null,
    };

    /// <summary>The one sentence of every "no ICMP here" failure: what is missing, and the fix.</summary>
    public static string Sentence(string utilityProblem) =>
        $"cannot send ICMP echo requests: the collector may not open raw sockets (no CAP_NET_RAW) and {utilityProblem}; {IcmpUnavailableException.Fix}";

    /// <summary>An <see cref="IPStatus"/> in kebab case: <c>TimedOut</c> → <c>timed-out</c>.</summary>
    public static string StatusName(IPStatus status)
    {
        string name = status.ToString();
        var text = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
