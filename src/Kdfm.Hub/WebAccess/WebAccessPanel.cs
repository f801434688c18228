using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.WebAccess;

/// <summary>What the device page shows of Device Web Access: whether the user may open a session, on which ports, and the device's sessions the user sees.</summary>
public sealed class WebAccessPanel(HubDb db, WebSessions sessions, SshServer ssh, TimeProvider clock)
{
    public sealed record View(string Tenant, string DeviceKey, string AgentId, bool CanOpen, string Unavailable, IReadOnlyList<int> Ports, IReadOnlyList<WebSession> Sessions,
        DateTimeOffset Now);

    public async Task<View> ForDeviceAsync(Actor actor, int tenantId, string tenant, string deviceKey, CancellationToken cancellationToken)
    {
        var device = await db.Devices.AsNoTracking().FirstAsync(d => d.TenantId == tenantId && d.Key == deviceKey, cancellationToken).ConfigureAwait(false);
        var ports = await sessions.AllowedPortsAsync(device, cancellationToken).ConfigureAwait(false);
        var recent = await sessions.Visible(actor).AsNoTracking().Where(w => w.TenantId == tenantId && w.DeviceKey == deviceKey)
            .OrderByDescending(w => w.OpenedAt).Take(5).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new View(tenant, deviceKey, device.AgentId, actor.Can(Permission.DeviceWebAccess) && actor.UserId is not null, ssh.Running ? string.Empty : ssh.Problem, ports, recent, clock.GetUtcNow());
    }
}
