using System.Globalization;
using System.Net;

namespace Kdfm.Hub.WebAccess;

/// <summary>Which processes listen on a TCP port (Linux: /proc/net/tcp gives the socket's inode, /proc/PID/fd who holds it).</summary>
internal static class ListeningProcesses
{
    private const string Listen = "0A";

    public static IReadOnlyList<int> On(IPAddress address, int port)
    {
        var inodes = new HashSet<string>(StringComparer.Ordinal);
        string wanted = $"{Convert.ToHexString(address.GetAddressBytes().Reverse().ToArray())}:{port:X4}";
        foreach (string line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            string[] fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1] == wanted && fields[3] == Listen)
            {
                inodes.Add($"socket:[{fields[9]}]");
            }
        }

        var pids = new List<int>();
        if (inodes.Count == 0)
        {
            return pids;
        }

        foreach (string directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
            {
                continue;
            }

            try
            {
                foreach (string fd in Directory.EnumerateFileSystemEntries(Path.Combine(directory, "fd")))
                {
                    if (new FileInfo(fd).LinkTarget is { } target && inodes.Contains(target))
                    {
                        pids.Add(pid);
                        break;
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A process that ended, or one not ours to look into.
            }
        }

        return pids;
    }
}
