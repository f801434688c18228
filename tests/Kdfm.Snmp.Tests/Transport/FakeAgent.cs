using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>
/// A scripted v1/v2c agent on 127.0.0.1 for the client's unit tests: each request goes to a handler that
/// decides what to send back (nothing, garbage, several datagrams, late replies).
/// </summary>
internal sealed class FakeAgent : IAsyncDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Func<CommunityMessage, int, IEnumerable<Reply>> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _requests;

    public FakeAgent(Func<CommunityMessage, int, IEnumerable<Reply>> handler)
    {
        _handler = handler;
        // Room for a burst of thousands of requests (the kernel caps it at net.core.rmem_max): fewer drops, fewer retries.
        _socket.ReceiveBufferSize = 4 * 1024 * 1024;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = Task.Run(LoopAsync);
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public ConcurrentQueue<CommunityMessage> Received { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A datagram to send back, after an optional delay, from this agent's socket or from another one.</summary>
    public sealed record Reply(byte[] Datagram, TimeSpan Delay = default, bool FromAnotherSocket = false);

    public static Reply Respond(CommunityMessage request, params VarBind[] rows) =>
        new(new CommunityMessage(request.Version, request.Community, new Pdu(PduType.Response, request.Pdu.RequestId, 0, 0, [.. rows])).Encode());

    public static Reply Error(CommunityMessage request, ErrorStatus status, int index = 0) =>
        new(new CommunityMessage(request.Version, request.Community, new Pdu(PduType.Response, request.Pdu.RequestId, (int)status, index, request.Pdu.VarBinds)).Encode());

    private async Task LoopAsync()
    {
        var buffer = new byte[65535];
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var request = CommunityMessage.Decode(buffer.AsSpan(0, received.ReceivedBytes));
            Received.Enqueue(request);
            int n = Interlocked.Increment(ref _requests);
            foreach (var reply in _handler(request, n))
            {
                _ = SendAsync(reply, received.RemoteEndPoint);
            }
        }
    }

    private async Task SendAsync(Reply reply, EndPoint to)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay);
        }

        if (reply.FromAnotherSocket)
        {
            using var other = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            other.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            other.SendTo(reply.Datagram, to);
            return;
        }

        _socket.SendTo(reply.Datagram, to);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _loop;
        _stop.Dispose();
    }
}
