using System.Collections.Immutable;
using System.Net;
using System.Net.Sockets;

namespace Kdfm.Collector.Icmp;

/// <summary>
/// One ping run: the target resolved (an address as it is; a host name through the resolver within
/// <see cref="ResolveTimeout"/>, IPv4 preferred, as the targets are IPv4), then <c>count</c> echo requests one after the
/// other, each waiting up to its timeout. Failures are values (<see cref="PingFailure"/>); a machine without ICMP fails the
/// run with <see cref="IcmpUnavailableException"/>'s sentence.
/// </summary>
public static class PingRun
{
    /// <summary>As discovery looks host names up.</summary>
    public static readonly TimeSpan ResolveTimeout = TimeSpan.FromSeconds(10);

    public static readonly ResolveHost SystemResolver = (name, cancellationToken) => Dns.GetHostAddressesAsync(name, cancellationToken);

    public static async Task<PingOutcome> RunAsync(IEchoSender echo, ResolveHost resolve, string target, int count, int size, TimeSpan timeout,
        CancellationToken cancellationToken)
    {
        var (address, problem) = await ResolveAsync(resolve, target, cancellationToken).ConfigureAwait(false);
        if (address is null)
        {
            return new PingFailure(target, PingFailure.Kinds.Unresolved, problem!);
        }

        var probes = ImmutableArray.CreateBuilder<EchoProbe>(count);
        int sentSize = size;
        for (int sequence = 1; sequence <= count; sequence++)
        {
            Echo reply;
            try
            {
                reply = await echo.SendAsync(address, size, timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (IcmpUnavailableException e)
            {
                return new PingFailure(target, PingFailure.Kinds.Unavailable, e.Message);
            }

            sentSize = reply.PayloadBytes;
            probes.Add(new EchoProbe(sequence, reply.Status, reply.RttMs));
        }

        return new PingReport(target, address, probes.MoveToImmutable(), size, sentSize);
    }

    /// <summary>The address to ping, or why there is none.</summary>
    public static async Task<(IPAddress? Address, string? Problem)> ResolveAsync(ResolveHost resolve, string target, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(target, out var literal))
        {
            return (literal, null);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(ResolveTimeout);
        IPAddress[] addresses;
        try
        {
            addresses = await resolve(target, deadline.Token).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            return (null, e.SocketErrorCode switch
            {
                SocketError.HostNotFound or SocketError.NoData => $"cannot resolve {target}: no such host is known to the collector's name servers",
                SocketError.TryAgain => $"cannot resolve {target}: the name servers did not answer (try again later)",
                _ => $"cannot resolve {target}: {e.Message}",
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, $"cannot resolve {target}: no answer from the name servers within {ResolveTimeout.TotalSeconds:F0} s");
        }

        var chosen = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault();
        return chosen is null ? (null, $"cannot resolve {target}: it has no address") : (chosen, null);
    }
}
