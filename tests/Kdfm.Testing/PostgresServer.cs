using System.Globalization;

namespace Kdfm.Testing;

/// <summary>
/// Debian's PostgreSQL as a throw-away server on a free loopback port: a new cluster in a temporary directory, trust
/// authentication for loopback, stopped and deleted on dispose. As root, the server runs as the postgres account
/// (PostgreSQL refuses root).
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly TempDirectory _directory;
    private readonly PeerProcess _process;

    private PostgresServer(TempDirectory directory, PeerProcess process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>A connection string for a database of this name (created by EF Core's EnsureCreated).</summary>
    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username=kdfm;Database={database};Pooling=true";

    public static string? BinDirectory =>
        Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).Order().LastOrDefault() : null;

    /// <summary>Starts a cluster; <paramref name="durable"/> keeps fsync on (benchmarks), tests turn it off for speed.</summary>
    public static async Task<PostgresServer> StartAsync(bool durable = false)
    {
        string bin = BinDirectory ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql)");
        var directory = new TempDirectory("kdfm-postgres-");
        string data = directory["data"];
        bool root = !OperatingSystem.IsWindows() && Environment.UserName == "root";
        if (root)
        {
            // The cluster belongs to postgres; the temporary directory must let it in.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }
            Directory.CreateDirectory(data);
            await CommandLine.RunAsync("chown", ["postgres:postgres", data]);
        }

        string[] AsServerUser(string program, params string[] arguments) => root ? ["-u", "postgres", "--", Path.Combine(bin, program), .. arguments] : arguments;
        string Runner(string program) => root ? "runuser" : Path.Combine(bin, program);

        var (exit, output, error) = await CommandLine.RunAsync(Runner("initdb"), AsServerUser("initdb", "-D", data, "-U", "kdfm", "-A", "trust", "--no-sync", "-E", "UTF8"),
            timeout: TimeSpan.FromSeconds(120));
        if (exit != 0)
        {
            throw new InvalidOperationException($"initdb: {output}{error}");
        }

        int port = FreePort.Tcp();
        var process = PeerProcess.Start(Runner("postgres"), AsServerUser("postgres", "-D", data, "-p", port.ToString(CultureInfo.InvariantCulture),
            "-c", "listen_addresses=127.0.0.1", "-c", $"unix_socket_directories={data}", "-c", durable ? "fsync=on" : "fsync=off"));
        await process.WaitForOutputAsync("ready to accept connections", TimeSpan.FromSeconds(60), "postgres start");
        return new PostgresServer(directory, process, port);
    }

    public void Dispose()
    {
        _process.Dispose();
        _directory.Dispose();
    }
}
