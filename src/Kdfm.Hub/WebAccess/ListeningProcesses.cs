using System.Globalization;
using System.Net;

namespace Kdfm.Hub.WebAccess;

/// <summary>
/// Linux's view of processes and their listening sockets (/proc/net/tcp gives a socket's inode and port, /proc/PID/fd
/// who holds it, /proc/PID/stat a process's parent): which process listens on a port, and what a process tree listens on.
/// </summary>
internal static class ListeningProcesses
{
    private const string Listen = "0A";

    /// <summary>The processes listening on the address and port.</summary>
    public static IReadOnlyList<int> On(IPAddress address, int port)
    {
        var sockets = ListeningSockets(address);
        var inodes = sockets.Where(s => s.Value == port).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        return inodes.Count == 0 ? [] : [.. AllProcesses().Where(pid => SocketsOf(pid).Any(inodes.Contains))];
    }

    /// <summary>The ports on the address that the processes listen on.</summary>
    public static IReadOnlySet<int> PortsOf(IEnumerable<int> pids, IPAddress address)
    {
        var sockets = ListeningSockets(address);
        var ports = new HashSet<int>();
        foreach (int pid in pids)
        {
            foreach (string inode in SocketsOf(pid))
            {
                if (sockets.TryGetValue(inode, out int port))
                {
                    ports.Add(port);
                }
            }
        }

        return ports;
    }

    /// <summary>The process's parent, or 0 when it is gone.</summary>
    public static int ParentOf(int pid)
    {
        try
        {
            // "PID (COMM) STATE PPID …": the name may hold spaces and parentheses, so read after the last ')'.
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            string[] after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(after[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            return 0;
        }
    }

    /// <summary>The processes whose parent is <paramref name="parent"/>.</summary>
    public static IReadOnlyList<int> ChildrenOf(int parent) => [.. AllProcesses().Where(pid => ParentOf(pid) == parent)];

    /// <summary>The process and every process below it.</summary>
    public static IReadOnlyList<int> TreeOf(int root)
    {
        var parents = AllProcesses().ToDictionary(pid => pid, ParentOf);
        var tree = new List<int> { root };
        for (int i = 0; i < tree.Count; i++)
        {
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        }

        return tree;
    }

    /// <summary>Whether <paramref name="ancestor"/> is above <paramref name="pid"/>.</summary>
    public static bool Descends(int pid, int ancestor)
    {
        for (int current = ParentOf(pid), depth = 0; current > 1 && depth < 16; current = ParentOf(current), depth++)
        {
            if (current == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A process's command line, its arguments separated by spaces; empty when it is gone or unreadable.</summary>
    public static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    public static string NameOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }

    /// <summary>Listening sockets on the address (IPv4): inode → port.</summary>
    private static Dictionary<string, int> ListeningSockets(IPAddress address)
    {
        string wanted = Convert.ToHexString(address.GetAddressBytes().Reverse().ToArray());
        var sockets = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[3] == Listen && fields[1].StartsWith(wanted + ":", StringComparison.Ordinal))
            {
                sockets[$"socket:[{fields[9]}]"] = int.Parse(fields[1][(wanted.Length + 1)..], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            }
        }

        return sockets;
    }

    private static IEnumerable<int> AllProcesses()
    {
        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                yield return pid;
            }
        }
    }

    private static List<string> SocketsOf(int pid)
    {
        var sockets = new List<string>();
        try
        {
            foreach (string fd in Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd"))
            {
                if (new FileInfo(fd).LinkTarget is { } target && target.StartsWith("socket:", StringComparison.Ordinal))
                {
                    sockets.Add(target);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A process that ended, or one not ours to look into.
        }

        return sockets;
    }
}
