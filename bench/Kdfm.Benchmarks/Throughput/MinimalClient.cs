using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp;
using Kdfm.Snmp.Messages;

namespace Kdfm.Benchmarks.Throughput;

/// <summary>
/// The baseline: the least a v2c client can do. Pre-encoded GETs, one blocking socket, a fixed window of requests
/// in flight, a new request sent for every reply received, no decoding and no correlation.
/// </summary>
internal static class MinimalClient
{
    public static double RepliesPerSecond(IReadOnlyList<IPEndPoint> targets, Oid oid, int window, TimeSpan duration) =>
        RepliesPerSecond(targets, id => Pdu.Get(id, oid), window, duration);

    /// <summary>The same loop with any request PDU (e.g. the GETBULKs a poll sends).</summary>
    public static double RepliesPerSecond(IReadOnlyList<IPEndPoint> targets, Func<int, Pdu> request, int window, TimeSpan duration)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.ReceiveBufferSize = 4 * 1024 * 1024;
        socket.ReceiveTimeout = 100;
        socket.Bind(new IPEndPoint(IPAddress.Any, 0));
        // Distinct request-ids even with one target: an agent may drop what looks like a retransmission.
        int count = Math.Max(targets.Count, window * 4);
        var datagrams = Enumerable.Range(0, count)
            .Select(i => new CommunityMessage(SnmpVersion.V2c, "public"u8.ToArray(), request(i + 1)).Encode()).ToArray();
        var addresses = Enumerable.Range(0, count).Select(i => targets[i % targets.Count].Serialize()).ToArray();
        var buffer = new byte[65535];
        var from = new SocketAddress(AddressFamily.InterNetwork);
        int next = 0;
        void SendOne()
        {
            int i = next++ % datagrams.Length;
            socket.SendTo(datagrams[i], SocketFlags.None, addresses[i]);
        }

        for (int i = 0; i < window; i++)
        {
            SendOne();
        }

        long replies = 0;
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            try
            {
                socket.ReceiveFrom(buffer, SocketFlags.None, from);
                replies++;
                SendOne();
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                // Replies were lost (a full buffer somewhere): refill the window.
                for (int i = 0; i < window; i++)
                {
                    SendOne();
                }
            }
        }

        return replies / stopwatch.Elapsed.TotalSeconds;
    }
}
