using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Microsoft.Extensions.Logging;

namespace Kdfm.Snmp.Transport;

public sealed partial class SnmpClient
{
    private const int MaxDatagram = 65535;
    private const int HexPrefixBytes = 32;

    /// <summary>A test's way into the receive path: called with each datagram before it is decoded.</summary>
    internal Action? BeforeAccept { get; set; }

    /// <summary>
    /// The transport edge: every datagram ends here, decoded or counted and dropped. Whatever a datagram provokes past
    /// the decoder (a bug of ours, an exception of a crypto library) is counted as a receive fault and dropped too:
    /// the receive loop must outlive it, or every request in flight would time out.
    /// </summary>
    internal void Accept(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        Interlocked.Add(ref _bytesReceived, datagram.Length);
        try
        {
            BeforeAccept?.Invoke();
            var header = MessageHeader.Peek(datagram);
            if (!_pending.TryGetValue(header.CorrelationId, out var pending) || !pending.Peer.Address.Equals(from))
            {
                Interlocked.Increment(ref _strays);
                return;
            }

            var reply = header.Version == SnmpVersion.V3 ? AcceptV3(pending, datagram) : AcceptCommunity(pending, datagram);
            if (reply is not null && _pending.TryRemove(pending.Id, out _))
            {
                Interlocked.Increment(ref _accepted);
                pending.Completion.TrySetResult(reply);
            }
        }
        catch (BerDecodeException e)
        {
            Interlocked.Increment(ref _malformed);
            if (_logger.IsEnabled(LogLevel.Debug))
            {
                _logger.LogDebug("Malformed datagram from {Source} dropped: {Reason}; first bytes {Hex}",
                    DescribeSource(from), e.Message, Convert.ToHexString(datagram[..Math.Min(datagram.Length, HexPrefixBytes)]));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _receiveFaults);
            _logger.LogWarning(e, "Datagram from {Source} dropped: handling it failed ({Error}); first bytes {Hex}",
                DescribeSource(from), e.GetType().Name, Convert.ToHexString(datagram[..Math.Min(datagram.Length, HexPrefixBytes)]));
        }
    }

    private Reply? AcceptCommunity(PendingRequest pending, ReadOnlySpan<byte> datagram)
    {
        var message = CommunityMessage.Decode(datagram);
        if (message.Version != pending.Target.Version || message.Pdu.Type is not (PduType.Response or PduType.Report))
        {
            Interlocked.Increment(ref _strays);
            return null;
        }

        return new Reply(message.Pdu, null);
    }

    private Reply? AcceptV3(PendingRequest pending, ReadOnlySpan<byte> datagram)
    {
        if (pending.Target.Version != SnmpVersion.V3)
        {
            Interlocked.Increment(ref _strays);
            return null;
        }

        var message = V3MessageCodec.Decode(datagram);
        var user = pending.User;
        if (user is not null && !SnmpEngineId.IsValid(message.Security.EngineId))
        {
            // RFC 3411 §5: msgAuthoritativeEngineID is an SnmpEngineID, 5 to 32 octets. (Discovery replies are judged by
            // DiscoverAsync, which turns a bad one into an InvalidEngineIdError.)
            Interlocked.Increment(ref _malformed);
            return null;
        }

        ScopedPdu? scoped = message.ScopedPdu;
        if ((message.Flags & V3Flags.Auth) != 0)
        {
            if ((message.Flags & V3Flags.Priv) != 0 && user is not null && user.Priv == PrivProtocol.None)
            {
                // RFC 3414 §3.2 step 5: a privacy level the user was not configured for (unsupportedSecurityLevel).
                Interlocked.Increment(ref _authFailures);
                _logger.LogDebug("Reply from {Target} claims privacy for user {User}, who has none; dropped", pending.Target.EndPoint, user.Name);
                return null;
            }

            // RFC 3414 §3.2 steps 6-7: an authenticated reply must carry our user and a valid digest.
            if (user is null || pending.Keys is null || user.Auth == AuthProtocol.None ||
                !message.Security.UserName.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(user.Name)) ||
                !V3MessageCodec.Authenticate(user.Auth, pending.Keys.AuthKey, datagram, message))
            {
                Interlocked.Increment(ref _authFailures);
                _logger.LogDebug("Reply from {Target} failed authentication; dropped", pending.Target.EndPoint);
                return null;
            }

            if (!InTimeWindow(pending.Peer, message.Security) && !IsClockReport(message))
            {
                // RFC 3414 §3.2 step 7b: an authentic message outside the time window is dropped (a replay, or a stale copy).
                Interlocked.Increment(ref _notInTimeWindow);
                _logger.LogDebug("Reply from {Target} is not in the time window (boots {Boots}, time {Time}); dropped",
                    pending.Target.EndPoint, message.Security.EngineBoots, message.Security.EngineTime);
                return null;
            }

            if ((message.Flags & V3Flags.Priv) != 0)
            {
                scoped = V3MessageCodec.Decrypt(user.Priv, pending.Keys.PrivKey, message);
                if (scoped is null)
                {
                    Interlocked.Increment(ref _authFailures);
                    _logger.LogDebug("Reply from {Target} did not decrypt; dropped", pending.Target.EndPoint);
                    return null;
                }
            }
        }
        else if (scoped is null)
        {
            Interlocked.Increment(ref _malformed);
            return null;
        }
        else if (scoped.Pdu.Type != PduType.Report && user is not null && user.Level != SecurityLevel.NoAuthNoPriv)
        {
            // RFC 3412 §7.2 step 13: only a Report may come back below the request's security level.
            Interlocked.Increment(ref _authFailures);
            return null;
        }

        if (scoped!.Pdu.Type is not (PduType.Response or PduType.Report))
        {
            Interlocked.Increment(ref _strays);
            return null;
        }

        return new Reply(scoped.Pdu, message);
    }

    /// <summary>
    /// The authentic notInTimeWindow Report, which tells the engine's current boots and time (RFC 3414 §4): it is what
    /// re-synchronises a notion of the engine's clock that is ahead of the engine (an agent that restarted without counting
    /// the boot, or one authentic reply with a wrong clock). Dropping it by the window it corrects would keep the client
    /// out until it restarts, so it passes; <see cref="RequestV3Async"/> takes its clock once per request.
    /// </summary>
    private static bool IsClockReport(V3Message message) =>
        (message.Flags & V3Flags.Priv) == 0 && // RFC 3414 §3.2 step 7a: the engine reports notInTimeWindow at authNoPriv
        message.ScopedPdu is { Pdu.Type: PduType.Report } scoped &&
        UsmReport.Classify(scoped.Pdu) == UsmReportKind.NotInTimeWindow;

    /// <summary>RFC 3414 §3.2 step 7b against the peer's engine as we know it, moving that notion forward when the message is later.</summary>
    private static bool InTimeWindow(PeerState peer, UsmSecurityParameters security)
    {
        lock (peer)
        {
            if (peer.Engine is not { } engine || !engine.EngineId.AsSpan().SequenceEqual(security.EngineId))
            {
                return true; // no notion of this engine's clock to hold the message against (it was just rediscovered)
            }

            var (notion, inWindow) = engine.Heard(security.EngineBoots, security.EngineTime, Environment.TickCount64);
            if (!ReferenceEquals(notion, engine))
            {
                peer.Engine = notion;
            }

            return inWindow;
        }
    }

    private static string DescribeSource(SocketAddress address)
    {
        try
        {
            var template = address.Family == AddressFamily.InterNetworkV6 ? new IPEndPoint(IPAddress.IPv6Any, 0) : new IPEndPoint(IPAddress.Any, 0);
            return template.Create(address).ToString() ?? "?";
        }
        catch (ArgumentException)
        {
            return "?";
        }
    }
}
