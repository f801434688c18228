using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Kdfm.Hub.Security;

namespace Kdfm.Hub.WebAccess;

/// <summary>
/// The hub's own OpenSSH sshd for the agents' tunnels (DESIGN.md §Device Web Access): a generated, forward-only
/// configuration (no shell, no PTY, no local forward), started with the hub and started again when it stops. Which key
/// may forward which port is the hub's answer, written as sessions open and end (<see cref="SetAnswers"/>):
/// <list type="bullet">
/// <item>as root, sshd asks the hub through <c>AuthorizedKeysCommand</c>: a root-owned script under /run/kdfm-hub that
/// prints the hub's answer file for the key (sshd runs it as nobody with an empty environment, and wants every directory
/// of its path root-owned; a .NET client there would need the runtime readable by nobody and 100 ms a login);</item>
/// <item>not as root, sshd can only log in its own user and cannot run a root-owned command: it reads the same answers
/// from an <c>AuthorizedKeysFile</c> in the hub's data directory.</item>
/// </list>
/// The answer for an agent's key allows only its open sessions' ports: <c>restrict,port-forwarding,permitlisten=…</c>.
/// </summary>
public sealed class SshServer(HubOptions hubOptions, ILogger<SshServer> logger) : IHostedService, IDisposable
{
    private readonly DeviceWebAccessOptions _options = hubOptions.DeviceWebAccess;
    private readonly Lock _answersLock = new();
    private readonly CancellationTokenSource _stopping = new();
    private Process? _sshd;
    private Task? _supervision;
    private string _directory = string.Empty;
    private string _answersDirectory = string.Empty;
    private string _authorizedKeysFile = string.Empty;
    private bool _asRoot;

    /// <summary>Why Device Web Access cannot work now (empty while sshd runs).</summary>
    public string Problem { get; private set; } = "Device Web Access is starting";

    public bool Running => Problem.Length == 0;

    /// <summary>The host key agents pin ("ssh-ed25519 AAAA…").</summary>
    public string HostKey { get; private set; } = string.Empty;

    /// <summary>The address and port sshd listens on.</summary>
    public IPEndPoint? Listen { get; private set; }

    /// <summary>The account the tunnels log in as.</summary>
    public string TunnelUser { get; private set; } = string.Empty;

    /// <summary>sshd's process id (the listener, not a connection's).</summary>
    public int? ProcessId => _sshd is { HasExited: false } p ? p.Id : null;

    /// <summary>Started (and restarted) how many times: tests and the status see a restart.</summary>
    public int Starts { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.Enabled)
        {
            Problem = "Device Web Access is off (Hub:DeviceWebAccess:SshListen is empty)";
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Problem = "Device Web Access is unavailable: the hub's sshd runs on Linux";
            return;
        }

        try
        {
            Prepare();
        }
        catch (Exception e) when (e is WebAccessUnavailableException or IOException or UnauthorizedAccessException)
        {
            Problem = $"Device Web Access is unavailable: {e.Message}";
            logger.LogError("{Problem}", Problem);
            return;
        }

        EndOrphan();
        if (!await LaunchAsync(cancellationToken).ConfigureAwait(false))
        {
            logger.LogError("{Problem}", Problem);
        }

        _supervision = SuperviseAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Kill(_sshd);
        if (_supervision is not null)
        {
            await _supervision.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (_asRoot && _answersDirectory.Length > 0)
        {
            // No key is answered for while the hub is down.
            TryDelete(Path.GetDirectoryName(_answersDirectory)!);
        }
    }

    /// <summary>
    /// Which agent key may forward which ports now (the open sessions'): every other key is refused at the next login. A
    /// key must be a checked one (<see cref="SshPublicKey.TryParse"/>).
    /// </summary>
    public void SetAnswers(IReadOnlyDictionary<SshPublicKey, IReadOnlyList<int>> open)
    {
        if (_directory.Length == 0)
        {
            return;
        }

        lock (_answersLock)
        {
            if (_asRoot && !OperatingSystem.IsWindows())
            {
                var keep = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (key, ports) in open)
                {
                    string name = AnswerName(key.Base64);
                    keep.Add(name);
                    WriteReadable(Path.Combine(_answersDirectory, name), AnswerLine(key, ports) + "\n");
                }

                foreach (string file in Directory.EnumerateFiles(_answersDirectory))
                {
                    if (!keep.Contains(Path.GetFileName(file)))
                    {
                        File.Delete(file);
                    }
                }
            }
            else
            {
                // Written aside and renamed: sshd never reads a half-written file (an empty one would refuse a tunnel for good).
                OwnerOnly.WriteAllText(_authorizedKeysFile + ".new", string.Concat(open.Select(p => AnswerLine(p.Key, p.Value) + "\n")));
                File.Move(_authorizedKeysFile + ".new", _authorizedKeysFile, overwrite: true);
            }
        }
    }

    /// <summary>The authorized_keys line for a key and its sessions' ports: forwarding of those ports only, nothing else.</summary>
    public static string AnswerLine(SshPublicKey key, IReadOnlyList<int> ports) =>
        "restrict,port-forwarding,"
        + string.Concat(ports.Order().Select(p => string.Create(CultureInfo.InvariantCulture, $"permitlisten=\"127.0.0.1:{p}\",")))
        + $"command=\"/bin/false\" {key.Algorithm} {key.Base64} kdfm-agent";

    /// <summary>
    /// Ends the tunnel connection that listens on the hub's <paramref name="port"/> (the sshd process serving it), so that
    /// the port is free at once: an ended session does not wait for its agent. Linux only (/proc); false when none listens.
    /// </summary>
    public bool EndForward(int port)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        bool ended = false;
        foreach (int pid in ListeningProcesses.On(IPAddress.Loopback, port))
        {
            ended |= KillConnection(pid);
        }

        if (ended)
        {
            logger.LogInformation("Tunnel on 127.0.0.1:{Port} ended at sshd", port);
        }

        return ended;
    }

    /// <summary>
    /// Ends the tunnel connections that serve no open session: one that listens on a port no open session has (its session
    /// ended, but the connection kept the right to forward that port: sshd decides at login), and one that has listened
    /// on none since <paramref name="grace"/> (a connection kept idle, to forward later). Returns how many.
    /// </summary>
    public int Reap(IReadOnlySet<int> openPorts, TimeSpan grace)
    {
        if (!OperatingSystem.IsLinux() || ProcessId is not { } master)
        {
            return 0;
        }

        int reaped = 0;
        var now = DateTimeOffset.UtcNow;
        var seen = new HashSet<int>();
        foreach (int connection in ListeningProcesses.ChildrenOf(master))
        {
            seen.Add(connection);
            var tree = ListeningProcesses.TreeOf(connection);
            var ports = ListeningProcesses.PortsOf(tree, IPAddress.Loopback);
            var since = _firstSeen.GetOrAdd(connection, now);
            bool stray = ports.Any(p => !openPorts.Contains(p));
            bool idle = ports.Count == 0 && now - since > grace;
            // The connection's whole tree, the process that holds the forwards first (its monitor, as root, above it).
            if ((stray || idle) && tree.Reverse().Select(KillConnection).ToList().Any(killed => killed))
            {
                reaped++;
                logger.LogInformation("Ended a tunnel connection of sshd ({Why})", stray ? $"it listens on {string.Join(", ", ports)}, no open session's port" : "it forwards nothing");
            }
        }

        foreach (int gone in _firstSeen.Keys.Where(pid => !seen.Contains(pid)).ToList())
        {
            _firstSeen.TryRemove(gone, out _);
        }

        return reaped;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, DateTimeOffset> _firstSeen = new();

    /// <summary>Serialises reading the open sessions and writing sshd's answers (an open and a close at once write in order).</summary>
    public SemaphoreSlim AnswersGate { get; } = new(1, 1);

    /// <summary>Kills a connection's sshd process: only one below our own sshd (never the listener, never another sshd of the machine).</summary>
    private bool KillConnection(int pid)
    {
        if (ProcessId is not { } master || pid == master || !ListeningProcesses.Descends(pid, master)
            || ListeningProcesses.NameOf(pid) is not ("sshd" or "sshd-session" or "sshd-auth"))
        {
            return false;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
            return true;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false; // it ended by itself meanwhile
        }
    }

    public void Dispose()
    {
        AnswersGate.Dispose();
        Kill(_sshd);
        _sshd?.Dispose();
        _stopping.Dispose();
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private void Prepare()
    {
        if (!File.Exists(_options.SshdPath))
        {
            throw new WebAccessUnavailableException($"{_options.SshdPath} not found: install OpenSSH's server (Debian: apt-get install openssh-server), or set Hub:DeviceWebAccess:SshdPath");
        }

        Listen = ParseListen(_options.SshListen);
        if (!System.Text.RegularExpressions.Regex.IsMatch(_options.TunnelUser, "^[a-z_][a-z0-9_-]{0,31}$"))
        {
            throw new WebAccessUnavailableException($"Hub:DeviceWebAccess:TunnelUser: '{_options.TunnelUser}' is not a system account name (a-z, 0-9, _ and -, at most 32)");
        }

        _asRoot = !OperatingSystem.IsWindows() && UnixOwner.Effective == 0;
        _directory = Path.Combine(Path.GetFullPath(hubOptions.DataDirectory), "ssh");
        OwnerOnlyFiles.PrepareDirectory(_directory);
        string hostKey = Path.Combine(_directory, "ssh_host_ed25519_key");
        if (!File.Exists(hostKey))
        {
            Run("/usr/bin/ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "kdfm-hub", "-f", hostKey);
        }

        string[] publicKey = File.ReadAllText(hostKey + ".pub").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        HostKey = $"{publicKey[0]} {publicKey[1]}";
        string keysSource;
        if (_asRoot)
        {
            TunnelUser = _options.TunnelUser;
            EnsureTunnelUser(TunnelUser);
            // sshd's privilege separation needs its empty directory.
            Directory.CreateDirectory("/run/sshd");
            string runtime = Path.Combine("/run/kdfm-hub", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(_directory)))[..12]);
            _answersDirectory = Path.Combine(runtime, "answers");
            foreach (string directory in new[] { "/run/kdfm-hub", runtime, _answersDirectory })
            {
                Directory.CreateDirectory(directory);
                File.SetUnixFileMode(directory, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            }

            foreach (string stale in Directory.EnumerateFiles(_answersDirectory))
            {
                File.Delete(stale);
            }

            string script = Path.Combine(runtime, "authorized-keys");
            WriteReadable(script, KeysCommand(TunnelUser, _answersDirectory));
            File.SetUnixFileMode(script, Readable | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            keysSource = $"""
                AuthorizedKeysFile none
                Match User {TunnelUser}
                    AuthorizedKeysCommand {script} %u %t %k
                    AuthorizedKeysCommandUser nobody
                """;
        }
        else
        {
            TunnelUser = Environment.UserName;
            _authorizedKeysFile = Path.Combine(_directory, "authorized_keys");
            OwnerOnly.WriteAllText(_authorizedKeysFile, string.Empty);
            keysSource = $"""
                StrictModes no
                AuthorizedKeysFile {_authorizedKeysFile}
                Match User {TunnelUser}
                """;
        }

        string config = $"""
            # Written by kdfm-hub at each start: a forward-only sshd for Device Web Access tunnels. Do not edit.
            ListenAddress {Listen}
            HostKey {hostKey}
            PidFile {Path.Combine(_directory, "sshd.pid")}
            UsePAM no
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PubkeyAuthentication yes
            AuthenticationMethods publickey
            PubkeyAcceptedAlgorithms ssh-ed25519
            PermitRootLogin no
            AllowUsers {TunnelUser}
            AllowTcpForwarding no
            AllowAgentForwarding no
            AllowStreamLocalForwarding no
            X11Forwarding no
            PermitTunnel no
            PermitTTY no
            PermitUserRC no
            PermitUserEnvironment no
            GatewayPorts no
            PrintMotd no
            UseDNS no
            LoginGraceTime 20
            MaxAuthTries 3
            MaxStartups 20:50:100
            ClientAliveInterval 15
            ClientAliveCountMax 3
            {keysSource}
                AllowTcpForwarding remote
                PermitListen 127.0.0.1:*
                PermitOpen none
                ForceCommand /bin/false
            """;
        string configPath = Path.Combine(_directory, "sshd_config");
        OwnerOnly.WriteAllText(configPath, config + "\n");
        var (ok, output) = Run(_options.SshdPath, "-t", "-f", configPath);
        if (!ok)
        {
            throw new WebAccessUnavailableException($"sshd refuses its configuration {configPath}: {output.Trim()}");
        }
    }

    private const UnixFileMode Readable = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>The AuthorizedKeysCommand: prints the hub's answer for the key (its file is named by the key's SHA-256), nothing otherwise.</summary>
    private static string KeysCommand(string user, string answers) => $$"""
        #!/bin/sh
        # Written by kdfm-hub: the authorized_keys line for an agent's key while one of its Device Web Access sessions is open.
        # sshd runs it as: authorized-keys USER TYPE KEY
        [ "$1" = "{{user}}" ] && [ "$2" = "ssh-ed25519" ] || exit 0
        h=$(printf '%s' "$3" | /usr/bin/sha256sum) || exit 0
        f="{{answers}}/${h%% *}"
        [ -f "$f" ] && exec /bin/cat -- "$f"
        exit 0

        """;

    /// <summary>The answer file's name for a key: its base64 text's SHA-256 in hex (what the command computes).</summary>
    public static string AnswerName(string base64) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(base64)));

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void WriteReadable(string path, string text)
    {
        string temporary = path + ".tmp";
        File.WriteAllText(temporary, text);
        File.SetUnixFileMode(temporary, Readable);
        File.Move(temporary, path, overwrite: true);
    }

    private void EnsureTunnelUser(string user)
    {
        if (Run("/usr/bin/getent", "passwd", user).Ok)
        {
            return;
        }

        // A system account with no shell and no password: sshd refuses a locked ("!") password for keys, "*" is none.
        var (made, output) = Run("/usr/sbin/useradd", "--system", "--home-dir", "/nonexistent", "--no-create-home", "--shell", "/usr/sbin/nologin", user);
        if (!made || !Run("/usr/sbin/usermod", "-p", "*", user).Ok)
        {
            throw new WebAccessUnavailableException($"cannot make the tunnel account {user}: {output.Trim()} (make it with: useradd --system --home-dir /nonexistent --shell /usr/sbin/nologin {user}; usermod -p '*' {user})");
        }

        logger.LogInformation("Made the system account {User} for Device Web Access tunnels (no shell, no password)", user);
    }

    /// <summary>
    /// A hub killed outright (SIGKILL, a crash) leaves its sshd running, still listening with the last answers: the
    /// sshd its pid file names, if it is an sshd of this very configuration, is ended before the new one starts, so
    /// that the port is this hub's and no session of the dead one is carried on.
    /// </summary>
    private void EndOrphan()
    {
        string pidFile = Path.Combine(_directory, "sshd.pid");
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out int pid))
        {
            return;
        }

        string config = Path.Combine(_directory, "sshd_config");
        if (!ListeningProcesses.CommandLine(pid).Contains(config, StringComparison.Ordinal))
        {
            return; // gone, or the number is another process's now
        }

        try
        {
            using var orphan = Process.GetProcessById(pid);
            orphan.Kill();
            orphan.WaitForExit(TimeSpan.FromSeconds(5));
            logger.LogWarning("Ended the sshd (process {Pid}) a previous hub on this data directory left running", pid);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogWarning("Could not end the sshd (process {Pid}) a previous hub left running: {Reason}", pid, e.Message);
        }
    }

    private async Task<bool> LaunchAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(_options.SshdPath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in new[] { "-D", "-e", "-f", Path.Combine(_directory, "sshd_config") })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, e) => OnLog(e.Data);
        process.OutputDataReceived += (_, e) => OnLog(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        _sshd = process;
        Starts++;
        // Listening within a second or two; else it said why on stderr and stopped.
        for (int i = 0; i < 100 && !process.HasExited; i++)
        {
            if (Accepts(Listen!))
            {
                Problem = string.Empty;
                logger.LogInformation("Device Web Access: sshd listens on {Listen} (tunnel account {User}, host key {Key})", Listen, TunnelUser, HostKey);
                return true;
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        Problem = process.HasExited
            ? $"Device Web Access is unavailable: sshd stopped at once (exit {process.ExitCode}): {_lastLine}"
            : $"Device Web Access is unavailable: sshd does not listen on {Listen}: {_lastLine}";
        return false;
    }

    private string _lastLine = string.Empty;

    private void OnLog(string? line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        _lastLine = line;
        logger.LogInformation("sshd: {Line}", UntrustedText.Clean(line, 512));
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        int failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                if (_sshd is { } process)
                {
                    await process.WaitForExitAsync(stopping).ConfigureAwait(false);
                }

                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                failures++;
                Problem = "Device Web Access is restarting sshd";
                var delay = TimeSpan.FromSeconds(Math.Min(30, failures));
                logger.LogWarning("sshd stopped (exit {Code}); starting it again in {Delay:F0} s", _sshd?.ExitCode, delay.TotalSeconds);
                _sshd?.Dispose();
                _sshd = null;
                await Task.Delay(delay, stopping).ConfigureAwait(false);
                if (await LaunchAsync(stopping).ConfigureAwait(false))
                {
                    failures = 0;
                }
                else
                {
                    logger.LogError("{Problem}", Problem);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static bool Accepts(IPEndPoint endPoint)
    {
        try
        {
            using var socket = new System.Net.Sockets.Socket(endPoint.AddressFamily, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
            socket.Connect(endPoint.Address.Equals(IPAddress.Any) ? IPAddress.Loopback : endPoint.Address, endPoint.Port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    /// <summary>address:port of Hub:DeviceWebAccess:SshListen.</summary>
    public static IPEndPoint ParseListen(string text) =>
        IPEndPoint.TryParse(text.Trim(), out var endPoint) && endPoint.Port is > 0 and <= 65535
            ? endPoint
            : throw new WebAccessUnavailableException($"Hub:DeviceWebAccess:SshListen: '{text}' is not address:port (e.g. 0.0.0.0:22 or 127.0.0.1:7022)");

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill();
                process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Gone already.
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Made again and emptied at the next start.
        }
    }

    private static (bool Ok, string Output) Run(string program, params string[] arguments)
    {
        if (!File.Exists(program))
        {
            return (false, $"{program} not found");
        }

        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode == 0, error + output.Result);
    }
}

/// <summary>Why Device Web Access cannot run (said once in the log and on the portal).</summary>
public sealed class WebAccessUnavailableException(string message) : Exception(message);
