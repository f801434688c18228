using Akka.Actor;
using Akka.Event;
using Kdfm.Agent.V1;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// One Device Web Access session's tunnel (child of <see cref="TunnelManager"/>): an SSH connection to the hub's sshd,
/// with the hub's host key pinned, and one remote forward from the hub's loopback port to the device. It lives until
/// the session expires or the hub ends it: a dropped connection is made again (sshd restarted, a network blip), a key
/// the hub no longer accepts ends the tunnel (the session is over at the hub). Nothing here listens on this machine.
/// </summary>
public sealed class Tunnel : ReceiveActor, IWithTimers
{
    private const string Check = "check";
    private const string Expire = "expire";

    private readonly WebSession _session;
    private readonly string _target;
    private readonly SshHub _hub;
    private readonly Uri _hubUri;
    private readonly string _keyPath;
    private readonly Action<string, bool, string> _report;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private SshClient? _client;
    private bool _connecting;
    private bool _everUp;
    private int _failures;

    public Tunnel(WebSession session, string target, SshHub hub, Uri hubUri, string keyPath, Action<string, bool, string> report)
    {
        _session = session;
        _target = target;
        _hub = hub;
        _hubUri = hubUri;
        _keyPath = keyPath;
        _report = report;
        Receive<ConnectNow>(_ => Connect());
        Receive<Connected>(OnConnected);
        Receive<ConnectFailed>(OnConnectFailed);
        Receive<CheckNow>(_ => OnCheck());
        Receive<ExpireNow>(_ =>
        {
            _log.Info("Web session {0}: expired, tunnel closed", _session.Id);
            Context.Stop(Self);
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(WebSession session, string target, SshHub hub, Uri hubUri, string keyPath, Action<string, bool, string> report) =>
        Akka.Actor.Props.Create(() => new Tunnel(session, target, hub, hubUri, keyPath, report));

    private sealed record ConnectNow;

    private sealed record Connected(SshClient Client);

    private sealed record ConnectFailed(Exception Error);

    private sealed record CheckNow;

    private sealed record ExpireNow;

    /// <summary>What the hub asked to reach, in words: "127.20.0.5:80".</summary>
    public string Target => $"{_target}:{_session.Port}";

    protected override void PreStart()
    {
        var left = DateTimeOffset.FromUnixTimeMilliseconds(_session.ExpiresAtUnixMs) - DateTimeOffset.UtcNow;
        Timers.StartSingleTimer(Expire, new ExpireNow(), left > TimeSpan.Zero ? left : TimeSpan.Zero);
        Self.Tell(new ConnectNow());
    }

    protected override void PostStop()
    {
        var client = _client;
        _client = null;
        if (client is not null)
        {
            // Disconnecting waits on the network: not on the actor's thread.
            _ = Task.Run(() => Close(client));
        }
    }

    private void Connect()
    {
        if (_connecting)
        {
            return;
        }

        _connecting = true;
        var (host, port, user, hub, keyPath) = (_hub.HostFor(_hubUri), _hub.Port, _hub.User, _hub, _keyPath);
        var (listen, target, targetPort) = ((uint)_session.ListenPort, _target, (uint)_session.Port);
        Task.Run(() => Open(host, port, user, hub, keyPath, listen, target, targetPort)).PipeTo(Self,
            success: client => new Connected(client), failure: e => new ConnectFailed(e));
    }

    private static SshClient Open(string host, int port, string user, SshHub hub, string keyPath, uint listen, string target, uint targetPort)
    {
        using var key = new PrivateKeyFile(keyPath);
        var info = new ConnectionInfo(host, port, user, new PrivateKeyAuthenticationMethod(user, key)) { Timeout = TimeSpan.FromSeconds(15) };
        var client = new SshClient(info) { KeepAliveInterval = TimeSpan.FromSeconds(15) };
        client.HostKeyReceived += (_, e) => e.CanTrust = hub.Matches(e.HostKeyName, e.HostKey);
        try
        {
            client.Connect();
            var forward = new ForwardedPortRemote("127.0.0.1", listen, target, targetPort);
            client.AddForwardedPort(forward);
            forward.Start();
            return client;
        }
        catch
        {
            Close(client);
            throw;
        }
    }

    private static void Close(SshClient client)
    {
        try
        {
            foreach (var port in client.ForwardedPorts.ToList())
            {
                port.Stop();
            }

            client.Disconnect();
        }
        catch (Exception e) when (e is SshException or ObjectDisposedException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            // Closing a connection that is gone already.
        }
        finally
        {
            client.Dispose();
        }
    }

    private void OnConnected(Connected connected)
    {
        _connecting = false;
        _client = connected.Client;
        _failures = 0;
        string message = $"tunnel open: the hub's 127.0.0.1:{_session.ListenPort} reaches {Target} until {DateTimeOffset.FromUnixTimeMilliseconds(_session.ExpiresAtUnixMs):HH:mm} UTC";
        if (!_everUp)
        {
            _everUp = true;
            _report(_session.Id, true, message);
        }

        _log.Info("Web session {0}: {1}", _session.Id, message);
        Context.Parent.Tell(new TunnelManager.TunnelUp(_session.Id));
        Timers.StartPeriodicTimer(Check, new CheckNow(), TimeSpan.FromSeconds(5));
    }

    private void OnConnectFailed(ConnectFailed failed)
    {
        _connecting = false;
        string reason = Describe(failed.Error, _hub.HostFor(_hubUri), _hub.Port, _session.ListenPort);
        if (!_everUp)
        {
            _log.Warning("Web session {0}: the tunnel to {1} could not open: {2}", _session.Id, Target, reason);
            _report(_session.Id, false, $"the tunnel could not open: {reason}");
            Context.Stop(Self);
            return;
        }

        if (failed.Error is SshAuthenticationException || (failed.Error is SshException e && e.Message.Contains("forward", StringComparison.OrdinalIgnoreCase)))
        {
            // The hub answers for the key, and for the session's port, only while the session is open: it is over.
            _log.Info("Web session {0}: the hub ended the session (its key or its port is no longer accepted); tunnel closed", _session.Id);
            Context.Stop(Self);
            return;
        }

        _failures++;
        var delay = TimeSpan.FromSeconds(Math.Min(30, 2 * _failures));
        _log.Warning("Web session {0}: reconnecting in {1:F0} s: {2}", _session.Id, delay.TotalSeconds, reason);
        Timers.StartSingleTimer(Check, new ConnectNow(), delay);
    }

    private void OnCheck()
    {
        if (_client is { IsConnected: true })
        {
            return;
        }

        _log.Info("Web session {0}: the SSH connection to the hub dropped; connecting again", _session.Id);
        Timers.Cancel(Check);
        Context.Parent.Tell(new TunnelManager.TunnelDown(_session.Id));
        var client = _client;
        _client = null;
        if (client is not null)
        {
            _ = Task.Run(() => Close(client));
        }

        Connect();
    }

    /// <summary>A failure to open the tunnel in words, naming the hub's sshd.</summary>
    public static string Describe(Exception error, string host, int port, int listenPort) => error switch
    {
        SshConnectionException e when e.Message.Contains("host key", StringComparison.OrdinalIgnoreCase) =>
            $"the SSH server at {host}:{port} showed a host key other than the one pinned at activation (a rotate-ssh-key task pins the hub's current key)",
        SshAuthenticationException => $"the hub's sshd at {host}:{port} refused this agent's key (the session is closed or expired, or the key was rotated)",
        SshException e when e.Message.Contains("forward", StringComparison.OrdinalIgnoreCase) =>
            $"the hub's sshd refused the forward of 127.0.0.1:{listenPort} ({e.Message})",
        System.Net.Sockets.SocketException e => $"cannot reach the hub's sshd at {host}:{port} ({e.Message})",
        SshOperationTimeoutException => $"the hub's sshd at {host}:{port} did not answer in time",
        _ => $"{error.GetType().Name}: {error.Message}",
    };
}
