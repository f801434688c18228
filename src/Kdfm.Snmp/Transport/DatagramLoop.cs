using System.Net;
using System.Net.Sockets;

namespace Kdfm.Snmp.Transport;

/// <summary>Handles one received datagram; the span is only valid during the call.</summary>
public delegate void DatagramHandler(ReadOnlySpan<byte> datagram, SocketAddress from);

/// <summary>The receive loop shared by the client and the simulator's agents.</summary>
public static class DatagramLoop
{
    /// <summary>
    /// Receives datagrams until <paramref name="cancellationToken"/> fires or the socket is closed, handing each to
    /// <paramref name="handler"/> in turn (one buffer, reused). A receive error (an ICMP report, a truncated
    /// datagram) skips to the next datagram; the handler must catch its own errors.
    /// </summary>
    public static async Task RunAsync(Socket socket, int bufferBytes, DatagramHandler handler, CancellationToken cancellationToken)
    {
        var buffer = GC.AllocateUninitializedArray<byte>(bufferBytes, pinned: true);
        var from = new SocketAddress(socket.AddressFamily);
        while (!cancellationToken.IsCancellationRequested)
        {
            int received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, from, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            handler(buffer.AsSpan(0, received), from);
        }
    }
}
