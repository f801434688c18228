using System.Globalization;
using System.Net;

namespace Kdfm.EndToEnd.Tests;

/// <summary>
/// The sockets a Linux process holds (its /proc fd links matched against /proc/net tables). Listening: a TCP socket in
/// LISTEN, a Unix socket accepting connections, or a UDP socket bound to a fixed port below the ephemeral range
/// (a client's UDP socket gets an ephemeral port and only hears the agents it asked).
/// </summary>
internal sealed record ProcessSockets(string Protocol, string Local, string Remote, string State, bool Listening)
{
    public static List<ProcessSockets> Of(int pid)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.GetFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
                // closed meanwhile
            }
        }

        int ephemeralLow = int.Parse(File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[])['\t', ' '], StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);
        var found = new List<ProcessSockets>();
        foreach (var (table, protocol) in new[] { ("tcp", "tcp"), ("tcp6", "tcp"), ("udp", "udp"), ("udp6", "udp") })
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/net/{table}").Skip(1))
            {
                var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (!inodes.Contains(f[9]))
                {
                    continue;
                }

                var local = Address(f[1]);
                string state = protocol == "tcp" ? TcpState(f[3]) : "UNCONN";
                bool listening = protocol == "tcp" ? state == "LISTEN" : local.Port < ephemeralLow;
                found.Add(new ProcessSockets(protocol, local.ToString(), Address(f[2]).ToString(), state, listening));
            }
        }

        foreach (var line in File.ReadLines($"/proc/{pid}/net/unix").Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length > 6 && inodes.Contains(f[6]))
            {
                bool accepting = (int.Parse(f[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture) & 0x10000) != 0;
                found.Add(new ProcessSockets("unix", f.Length > 7 ? f[7] : "(unnamed)", "", accepting ? "LISTEN" : "CONNECTED", accepting));
            }
        }

        return found;
    }

    private static IPEndPoint Address(string hex)
    {
        var parts = hex.Split(':');
        byte[] bytes = Convert.FromHexString(parts[0]);
        // /proc writes each 32-bit word in host (little-endian) order.
        for (int i = 0; i < bytes.Length; i += 4)
        {
            Array.Reverse(bytes, i, 4);
        }

        return new IPEndPoint(new IPAddress(bytes), int.Parse(parts[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    private static string TcpState(string hex) => hex switch
    {
        "01" => "ESTABLISHED",
        "0A" => "LISTEN",
        "06" => "TIME_WAIT",
        "08" => "CLOSE_WAIT",
        _ => "state " + hex,
    };

    public override string ToString() => $"{Protocol} {Local} -> {Remote} {State}{(Listening ? " LISTENING" : "")}";
}
