using System.Net;
using System.Net.Sockets;
using Google.Protobuf;
using Kdfm.Agent;
using Kdfm.Agent.V1;
using AgentTask = Kdfm.Hub.Storage.AgentTask;
using WebSession = Kdfm.Hub.Storage.WebSession;
using Kdfm.Hub.Access;
using Kdfm.Hub.Mqtt;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.WebAccess;

/// <summary>
/// Device Web Access sessions, for the API and the portal alike: opening one (the device in the actor's scope, an allowed
/// port, the caps), ending one (its user, an administrator, expiry, a revoked agent, a restarted collector), each audited.
/// Opening records the session, starts its browser origin (<see cref="SessionProxies"/>), lets sshd answer for the agent's
/// key with the session's port, and posts a web-session task (MQTT makes it immediate). Ending undoes the three.
/// </summary>
public sealed class WebSessions(HubDb db, AuditLog audit, ITaskNotifier notifier, HubOptions options, SshServer ssh, SessionProxies proxies, TimeProvider clock,
    ILogger<WebSessions> logger)
{
    /// <summary>How long the one-time ticket of a session's URL works.</summary>
    public static readonly TimeSpan TicketLifetime = TimeSpan.FromMinutes(5);

    public const string ClosedByUser = "closed by its user";
    public const string Expired = "expired";
    public const string AgentRevoked = "the agent was revoked";
    public const string HubRestarted = "the hub restarted";

    private DeviceWebAccessOptions Settings => options.DeviceWebAccess;

    /// <summary>Why not: the HTTP status that fits and words for the user.</summary>
    public sealed record Refusal(int Status, string Message);

    /// <summary>A session opened: its URL carries a one-time ticket for its user.</summary>
    public sealed record Opened(WebSession Session, string Url);

    /// <summary>The device ports open to sessions on a device: the hub's, its tenant's and its parents', and its own.</summary>
    public async Task<IReadOnlyList<int>> AllowedPortsAsync(Device device, CancellationToken cancellationToken)
    {
        var ports = new List<int>(DeviceWebAccessOptions.ParsePorts(Settings.AllowedPorts).Ports);
        ports.AddRange(DeviceWebAccessOptions.ParsePorts(device.WebAccessPorts).Ports);
        int? tenantId = device.TenantId;
        for (int depth = 0; tenantId is not null && depth < 8; depth++)
        {
            var tenant = await db.Tenants.AsNoTracking().Where(t => t.Id == tenantId).Select(t => new { t.ParentId, t.WebAccessPorts }).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            ports.AddRange(DeviceWebAccessOptions.ParsePorts(tenant?.WebAccessPorts).Ports);
            tenantId = tenant?.ParentId;
        }

        return [.. ports.Distinct().Order()];
    }

    public async Task<(Opened? Opened, Refusal? Refusal)> OpenAsync(Actor actor, string? tenant, string deviceKey, int port, int? minutes, string publicHost,
        CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.DeviceWebAccess) || actor.UserId is null)
        {
            return (null, new Refusal(403, $"opening a device's web page needs the permission {Permission.DeviceWebAccess} and a user"));
        }

        var devices = await db.Devices.AsNoTracking().VisibleTo(actor).Where(d => d.Key == deviceKey)
            .Where(d => tenant == null || db.Tenants.Any(t => t.Id == d.TenantId && t.Name == tenant)).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (devices.Count == 0)
        {
            return (null, new Refusal(404, $"no device {deviceKey}"));
        }

        if (devices.Count > 1)
        {
            return (null, new Refusal(409, $"device {deviceKey} is in {devices.Count} tenants: name one (?tenant=)"));
        }

        if (!ssh.Running)
        {
            return (null, new Refusal(503, ssh.Problem)); // after the look-up: another tenant's device is "not found" whatever the hub's state
        }

        var device = devices[0];
        var allowed = await AllowedPortsAsync(device, cancellationToken).ConfigureAwait(false);
        if (!allowed.Contains(port))
        {
            return (null, new Refusal(400, $"port {port} is not open to Device Web Access on this device (allowed: {string.Join(", ", allowed)})"));
        }

        int length = minutes ?? Settings.SessionMinutes;
        if (length < 1 || length > Settings.MaxSessionMinutes)
        {
            return (null, new Refusal(400, $"minutes must be between 1 and {Settings.MaxSessionMinutes}"));
        }

        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == device.AgentId, cancellationToken).ConfigureAwait(false);
        if (agent is null || agent.Revoked)
        {
            return (null, new Refusal(409, $"the device's agent {device.AgentId} is revoked: it opens no tunnel"));
        }

        if (!SshPublicKey.TryParse(agent.SshPublicKey, out _, out _))
        {
            return (null, new Refusal(409, $"the agent {agent.Id} has no SSH key yet (activated before Device Web Access): run a rotate-ssh-key task on it first"));
        }

        var now = clock.GetUtcNow();
        int perAgent = await db.WebSessions.CountAsync(w => w.AgentId == agent.Id && w.ClosedAt == null, cancellationToken).ConfigureAwait(false);
        if (perAgent >= Settings.MaxSessionsPerAgent)
        {
            return (null, new Refusal(409, $"the agent {agent.Id} carries {perAgent} sessions already (Hub:DeviceWebAccess:MaxSessionsPerAgent): close one first"));
        }

        int perTenant = await db.WebSessions.CountAsync(w => w.TenantId == device.TenantId && w.ClosedAt == null, cancellationToken).ConfigureAwait(false);
        if (perTenant >= Settings.MaxSessionsPerTenant)
        {
            return (null, new Refusal(409, $"this tenant has {perTenant} sessions open already (Hub:DeviceWebAccess:MaxSessionsPerTenant): close one first"));
        }

        // Not a port a session had in the last day: a tunnel connection of that session must not find it given to another.
        var dayAgo = now.AddDays(-1);
        var used = await db.WebSessions.Where(w => w.ClosedAt == null || w.OpenedAt > dayAgo).Select(w => w.ForwardPort).ToListAsync(cancellationToken).ConfigureAwait(false);
        string ticket = Secrets.NewToken();
        var session = new WebSession
        {
            Id = "dwa_" + Secrets.NewCode(16).ToLowerInvariant(), TenantId = device.TenantId, AgentId = agent.Id, DeviceKey = device.Key, Address = device.Address,
            Port = port, ForwardPort = FreeLoopbackPort(used), UserId = actor.UserId, UserName = actor.Name, OpenedAt = now, ExpiresAt = now.AddMinutes(length),
            TicketHash = Secrets.Hash(ticket), TicketExpiresAt = now + TicketLifetime,
        };
        try
        {
            session.ProxyPort = await proxies.StartAsync(session, cancellationToken).ConfigureAwait(false);
        }
        catch (WebAccessUnavailableException e)
        {
            return (null, new Refusal(503, e.Message));
        }

        var task = new AgentTask
        {
            Id = "tsk_" + Secrets.NewCode(12).ToLowerInvariant(), AgentId = agent.Id, Kind = TaskKinds.Name(TaskKind.WebSession), CreatedAt = now, RequestedBy = actor.Name,
            PayloadJson = JsonFormatter.Default.Format(new Kdfm.Agent.V1.WebSession
            {
                Id = session.Id, DeviceKey = device.Key, Address = device.Address, Port = port, ListenPort = session.ForwardPort,
                ExpiresAtUnixMs = session.ExpiresAt.ToUnixTimeMilliseconds(), Ssh = Endpoint(),
            }),
        };
        session.TaskId = task.Id;
        db.WebSessions.Add(session);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await SyncAnswersAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.WebSessionOpened, $"{device.Key} port {port}",
            $"session {session.Id} through agent {agent.Id} until {session.ExpiresAt:yyyy-MM-dd HH:mm} UTC", cancellationToken: cancellationToken).ConfigureAwait(false);
        await notifier.NotifyAsync(agent.Id, task.Id, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Web session {Session} opened by {User}: device {Device} port {Port} through agent {Agent}, hub port {Forward}, origin port {Proxy}",
            session.Id, actor.Name, device.Key, port, agent.Id, session.ForwardPort, session.ProxyPort);
        return (new Opened(session, Url(session, publicHost, ticket)), null);
    }

    /// <summary>A fresh one-time link for the session's own user (the portal's "open" button), or null.</summary>
    public async Task<string?> NewLinkAsync(Actor actor, string id, string publicHost, CancellationToken cancellationToken)
    {
        var session = await db.WebSessions.FirstOrDefaultAsync(w => w.Id == id && w.UserId == actor.UserId && w.ClosedAt == null, cancellationToken).ConfigureAwait(false);
        if (session is null || session.ExpiresAt <= clock.GetUtcNow())
        {
            return null;
        }

        string ticket = Secrets.NewToken();
        session.TicketHash = Secrets.Hash(ticket);
        session.TicketExpiresAt = clock.GetUtcNow() + TicketLifetime;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return Url(session, publicHost, ticket);
    }

    /// <summary>The session if the actor may see it: its own, or any in its subtree with manage agents.</summary>
    public Task<WebSession?> FindAsync(Actor actor, string id, CancellationToken cancellationToken) =>
        Visible(actor).AsNoTracking().FirstOrDefaultAsync(w => w.Id == id, cancellationToken);

    /// <summary>Sessions the actor sees: its own, and with manage agents every one of its subtree.</summary>
    public IQueryable<WebSession> Visible(Actor actor)
    {
        var sessions = db.WebSessions.Where(w => actor.TenantIds == null || actor.TenantIds.Contains(w.TenantId));
        return actor.Can(Permission.ManageAgents) ? sessions : sessions.Where(w => w.UserId == actor.UserId);
    }

    /// <summary>Ends a session: its user, or an administrator (manage agents) of its tenant. A refusal when it is not theirs to end.</summary>
    public async Task<Refusal?> CloseAsync(Actor actor, string id, CancellationToken cancellationToken)
    {
        var session = await Visible(actor).FirstOrDefaultAsync(w => w.Id == id, cancellationToken).ConfigureAwait(false);
        if (session is null)
        {
            return new Refusal(404, $"no web session {id}");
        }

        if (session.ClosedAt is null)
        {
            string reason = session.UserId == actor.UserId ? ClosedByUser : $"closed by {actor.Name}";
            await EndAsync([session], reason, actor.Name, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>Ends every open session of the agent (revoked, or its tunnels are gone).</summary>
    public async Task<int> EndForAgentAsync(string agentId, string reason, CancellationToken cancellationToken)
    {
        var open = await db.WebSessions.Where(w => w.AgentId == agentId && w.ClosedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        await EndAsync(open, reason, "kdfm-hub", cancellationToken).ConfigureAwait(false);
        return open.Count;
    }

    /// <summary>Ends the sessions past their time.</summary>
    public async Task<int> EndExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var expired = await db.WebSessions.Where(w => w.ClosedAt == null && w.ExpiresAt <= now).ToListAsync(cancellationToken).ConfigureAwait(false);
        await EndAsync(expired, Expired, "kdfm-hub", cancellationToken).ConfigureAwait(false);
        return expired.Count;
    }

    /// <summary>At the hub's start: sessions left open by the hub before have no origin any more.</summary>
    public async Task<int> EndLeftOpenAsync(CancellationToken cancellationToken)
    {
        var open = await db.WebSessions.Where(w => w.ClosedAt == null).ToListAsync(cancellationToken).ConfigureAwait(false);
        await EndAsync(open, HubRestarted, "kdfm-hub", cancellationToken).ConfigureAwait(false);
        await SyncAnswersAsync(cancellationToken).ConfigureAwait(false);
        return open.Count;
    }

    /// <summary>The agent said how its tunnel went (the web-session task's result).</summary>
    public async Task TunnelReportedAsync(string taskId, bool ok, string message, CancellationToken cancellationToken)
    {
        var session = await db.WebSessions.FirstOrDefaultAsync(w => w.TaskId == taskId, cancellationToken).ConfigureAwait(false);
        if (session is null || session.ClosedAt is not null)
        {
            return;
        }

        if (ok)
        {
            session.TunnelUpAt = clock.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await EndAsync([session], "the agent could not open the tunnel: " + UntrustedText.Clean(message, 400), "kdfm-hub", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The agent's poll said which tunnels it holds: one that came up before the agent's process started is gone (the
    /// collector restarted), and its session ends.
    /// </summary>
    public async Task AgentPolledAsync(string agentId, IReadOnlyCollection<string> open, DateTimeOffset? startedAt, CancellationToken cancellationToken)
    {
        if (startedAt is null)
        {
            return;
        }

        var gone = await db.WebSessions.Where(w => w.AgentId == agentId && w.ClosedAt == null && w.TunnelUpAt != null && w.TunnelUpAt < startedAt)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        gone.RemoveAll(w => open.Contains(w.Id));
        await EndAsync(gone, "the collector restarted: its tunnel is gone", "kdfm-hub", cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Tells sshd which agent keys may forward which ports now: the open sessions'.</summary>
    public async Task SyncAnswersAsync(CancellationToken cancellationToken)
    {
        await ssh.AnswersGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await WriteAnswersAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ssh.AnswersGate.Release();
        }
    }

    /// <summary>The forward ports of the sessions open now (what sshd's tunnel connections may listen on).</summary>
    public async Task<IReadOnlySet<int>> OpenForwardPortsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return (await db.WebSessions.Where(w => w.ClosedAt == null && w.ExpiresAt > now).Select(w => w.ForwardPort).ToListAsync(cancellationToken).ConfigureAwait(false)).ToHashSet();
    }

    private async Task WriteAnswersAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var open = await (from w in db.WebSessions
                          join a in db.Agents on w.AgentId equals a.Id
                          where w.ClosedAt == null && w.ExpiresAt > now && !a.Revoked
                          select new { a.SshPublicKey, w.ForwardPort }).AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        var answers = new Dictionary<SshPublicKey, IReadOnlyList<int>>();
        foreach (var group in open.GroupBy(o => o.SshPublicKey))
        {
            if (SshPublicKey.TryParse(group.Key, out var key, out _))
            {
                answers[key] = [.. group.Select(g => g.ForwardPort)];
            }
        }

        ssh.SetAnswers(answers);
    }

    /// <summary>The hub's sshd as agents are to reach it.</summary>
    public SshEndpoint Endpoint()
    {
        string host = string.Empty;
        int port = ssh.Listen?.Port ?? 0;
        string configured = Settings.SshPublicEndpoint.Trim();
        if (configured.Length > 0)
        {
            int colon = configured.LastIndexOf(':');
            if (colon > 0 && int.TryParse(configured[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out int p) && !configured.EndsWith(']'))
            {
                (host, port) = (configured[..colon].Trim('[', ']'), p);
            }
            else
            {
                host = configured.Trim('[', ']');
            }
        }

        return new SshEndpoint { Host = host, Port = port, User = ssh.TunnelUser, HostKey = ssh.HostKey };
    }

    private async Task EndAsync(List<WebSession> sessions, string reason, string by, CancellationToken cancellationToken)
    {
        if (sessions.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        foreach (var session in sessions)
        {
            session.ClosedAt = now;
            session.EndReason = reason;
            session.TicketHash = null;
            session.CookieHash = null;
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await SyncAnswersAsync(cancellationToken).ConfigureAwait(false);
        foreach (var session in sessions)
        {
            // The key is no longer answered for, the tunnel's sshd process ends (its port is free), the origin stops.
            ssh.EndForward(session.ForwardPort);
            await proxies.StopAsync(session.Id).ConfigureAwait(false);
            await audit.WriteAsync(by, session.TenantId, AuditActions.WebSessionEnded, $"{session.DeviceKey} port {session.Port}",
                $"session {session.Id} of {session.UserName}: {reason}; {session.Requests} requests", cancellationToken: cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Web session {Session} ended: {Reason}", session.Id, reason);
        }
    }

    private static string Url(WebSession session, string publicHost, string ticket) =>
        $"https://{publicHost}:{session.ProxyPort}/?ticket={Uri.EscapeDataString(ticket)}";

    /// <summary>A loopback port nothing listens on now and no open session has: where sshd will listen for the agent.</summary>
    private static int FreeLoopbackPort(IReadOnlyCollection<int> used)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            int port = ((IPEndPoint)socket.LocalEndPoint!).Port;
            if (!used.Contains(port) || attempt > 50)
            {
                return port;
            }
        }
    }
}
