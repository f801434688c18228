using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kdfm.Testing;

/// <summary>
/// Free loopback ports for the peers a test starts. They come from just below the kernel's ephemeral range
/// (net.ipv4.ip_local_port_range), handed out once per process from a start that depends on the process id: a port the
/// OS picked (bind to 0) sits in the ephemeral range, where any outbound connection of a parallel test can take it
/// between the pick and the peer's own bind (CI saw Kestrel and slapd fail so); below the range nothing is assigned.
/// </summary>
public static class FreePort
{
    private const int Span = 12_000;
    private static readonly int Low = EphemeralLow() - Span;
    private static int _next = Environment.ProcessId * 97 % Span;

    /// <summary>A UDP port free on 127.0.0.1 at the time of the call.</summary>
    public static int Udp() => Take(port =>
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
    });

    /// <summary>A TCP port free on 127.0.0.1 at the time of the call.</summary>
    public static int Tcp() => Take(port =>
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        listener.Stop();
    });

    private static int Take(Action<int> bind)
    {
        for (int attempt = 0; attempt < Span; attempt++)
        {
            int port = Low + (Interlocked.Increment(ref _next) % Span);
            try
            {
                bind(port);
                return port;
            }
            catch (SocketException)
            {
                // Taken by someone else: the next one.
            }
        }

        throw new InvalidOperationException($"No free loopback port in {Low}–{Low + Span - 1}.");
    }

    private static int EphemeralLow()
    {
        const string file = "/proc/sys/net/ipv4/ip_local_port_range";
        if (File.Exists(file)
            && int.TryParse(File.ReadAllText(file).Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture, out int low)
            && low > Span + 1024)
        {
            return low;
        }

        return 32_768;
    }
}
