using System.Net;
using System.Net.Sockets;
using Kdfm.Simulator.Agent;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Simulator.Serving;

/// <summary>
/// Serves a fleet: one UDP socket bound to each device's own address, so every reply leaves from the address
/// the request was sent to, and one receive loop per socket. Silent devices are not bound at all.
/// </summary>
internal sealed class FleetServer : IAsyncDisposable
{
    /// <summary>Requests are small; a larger datagram is truncated by the kernel and then fails to decode.</summary>
    private const int ReceiveBufferBytes = 4096;

    private readonly Secret _community;
    private readonly MasterKeys? _v3;
    private readonly int _maxMessageSize;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<(Socket Socket, Task Loop)> _loops = [];
    private long _replies;
    private long _malformed;
    private long _failures;
    private int _disposed;

    public FleetServer(Secret community, MasterKeys? v3, int maxMessageSize = 65507)
    {
        _community = community;
        _v3 = v3;
        _maxMessageSize = maxMessageSize;
    }

    public long Replies => Interlocked.Read(ref _replies);

    public long Malformed => Interlocked.Read(ref _malformed);

    public int Bound => _loops.Count;

    /// <summary>Requests that could not be answered because of a fault in the simulator itself.</summary>
    public long Failures => Interlocked.Read(ref _failures);

    /// <summary>Binds every non-silent device; throws <see cref="SocketException"/> naming nothing if an address is taken, so the caller reports which.</summary>
    public void Start(IEnumerable<SimulatedDevice> devices)
    {
        foreach (var device in devices)
        {
            if (device.Behaviour == DeviceBehaviour.Silent)
            {
                continue;
            }

            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                socket.Bind(device.EndPoint);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new FleetConfigurationException("--range/--port", $"cannot bind {device.EndPoint}: {e.SocketErrorCode}");
            }

            _loops.Add((socket, Task.Run(() => ServeAsync(socket, device))));
        }
    }

    private Task ServeAsync(Socket socket, SimulatedDevice device)
    {
        var writer = new BerWriter(1500);
        var responder = new AgentResponder(_community, _v3, _maxMessageSize);
        var random = device.Behaviour == DeviceBehaviour.Garbage ? new Random(device.EndPoint.GetHashCode()) : null;
        return DatagramLoop.RunAsync(socket, ReceiveBufferBytes, (request, from) =>
        {
            try
            {
                Answer(socket, device, responder, request, writer, from, random);
            }
            catch (BerDecodeException)
            {
                Interlocked.Increment(ref _malformed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // The boundary of one device: a bug answering one request must not silence the device for good.
                Interlocked.Increment(ref _failures);
                Console.Error.WriteLine($"kdfm-sim: {device.EndPoint}: cannot answer a request: {e.GetType().Name}: {e.Message}");
            }
        }, _stop.Token);
    }

    private void Answer(Socket socket, SimulatedDevice device, AgentResponder responder, ReadOnlySpan<byte> request, BerWriter writer, SocketAddress from, Random? random)
    {
        if (!responder.Respond(device, request, writer, Environment.TickCount64))
        {
            return;
        }

        switch (device.Behaviour)
        {
            case DeviceBehaviour.Slow:
                _ = SendLaterAsync(socket, writer.ToArray(), CopyAddress(from));
                return;
            case DeviceBehaviour.Garbage:
                int length = Corrupt(writer.GetWrittenSpanForPatch(), random!);
                Send(socket, writer.WrittenSpan[..length], from);
                return;
            default:
                Send(socket, writer.WrittenSpan, from);
                return;
        }
    }

    /// <summary>The number of milliseconds a slow device waits; set by the host from <c>--slow</c>.</summary>
    public int SlowMilliseconds { get; init; } = 0;

    private async Task SendLaterAsync(Socket socket, byte[] datagram, SocketAddress to)
    {
        try
        {
            await Task.Delay(SlowMilliseconds, _stop.Token).ConfigureAwait(false);
            Send(socket, datagram, to);
        }
        catch (OperationCanceledException)
        {
            // Stopping: the late reply is not sent.
        }
    }

    private void Send(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress to)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, to);
            Interlocked.Increment(ref _replies);
        }
        catch (SocketException)
        {
            // The manager's port is gone (ICMP reported on send): nothing to do for a UDP agent.
        }
        catch (ObjectDisposedException)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// Breaks a reply so that it can never decode (a flipped value byte could decode to a wrong reading, which is
    /// not the fault we simulate): a datagram cut short of its own length, or an outer tag that is not SEQUENCE.
    /// Returns how many bytes to send.
    /// </summary>
    private static int Corrupt(Span<byte> reply, Random random)
    {
        if (random.Next(2) == 0)
        {
            return Math.Max(2, reply.Length / 2);
        }

        reply[0] = (byte)(random.Next(2) == 0 ? 0x31 : 0x1F);
        return reply.Length;
    }

    private static SocketAddress CopyAddress(SocketAddress address)
    {
        var copy = new SocketAddress(address.Family, address.Size);
        address.Buffer.Span[..address.Size].CopyTo(copy.Buffer.Span);
        return copy;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        foreach (var (socket, _) in _loops)
        {
            socket.Dispose();
        }

        await Task.WhenAll(_loops.Select(l => l.Loop)).ConfigureAwait(false);
        _stop.Dispose();
    }
}
