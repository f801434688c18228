using System.Net;
using System.Net.Sockets;

namespace Kdfm.Testing;

/// <summary>Free loopback ports for the peers a test starts.</summary>
public static class FreePort
{
    /// <summary>A UDP port free on 127.0.0.1 at the time of the call (the OS picks it).</summary>
    public static int Udp()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>A TCP port free on 127.0.0.1 at the time of the call.</summary>
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
