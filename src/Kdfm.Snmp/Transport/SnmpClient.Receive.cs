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

    /// <summary>The transport edge: every datagram ends here, decoded or counted and dropped.</summary>
    internal void Accept(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        Interlocked.Add(ref _bytesReceived, datagram.Length);
        try
        {
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
        ScopedPdu? scoped = message.ScopedPdu;
        if ((message.Flags & V3Flags.Auth) != 0)
        {
            // RFC 3414 §3.2 steps 6-7: an authenticated reply must carry our user and a valid digest.
            if (user is null || pending.Keys is null || user.Auth == AuthProtocol.None ||
                !message.Security.UserName.AsSpan().SequenceEqual(System.Text.Encoding.UTF8.GetBytes(user.Name)) ||
                !V3MessageCodec.Authenticate(user.Auth, pending.Keys.AuthKey, datagram, message))
            {
                Interlocked.Increment(ref _authFailures);
                _logger.LogDebug("Reply from {Target} failed authentication; dropped", pending.Target.EndPoint);
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
