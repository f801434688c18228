using System.Net;

namespace Kdfm.Collector.Icmp;

/// <summary>
/// Sends one ICMP echo request and waits for its reply. A reply, a timeout or an unreachable destination is an
/// <see cref="Echo"/> (a value); a machine where the collector cannot send echo requests at all throws
/// <see cref="IcmpUnavailableException"/>, whose message names the fix. <see cref="SystemEcho"/> is the real one.
/// </summary>
public interface IEchoSender
{
    /// <param name="payloadBytes">Bytes of payload asked for; <see cref="Echo.PayloadBytes"/> says what was sent.</param>
    Task<Echo> SendAsync(IPAddress address, int payloadBytes, TimeSpan timeout, CancellationToken cancellationToken);
}
