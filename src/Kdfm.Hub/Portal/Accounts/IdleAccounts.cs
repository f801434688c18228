using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// The idle-account rule: an enabled account with no sign-in for its tenant's IdleDays (90 or 180) — counted from its
/// creation if it never signed in, or from an administrator enabling it again (the audit log's last account.enabled),
/// whichever is latest — is disabled, with the reason recorded and audited. The audit log keeps Hub:AuditDays.
/// </summary>
public sealed class IdleAccounts(HubDb db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock, HubOptions options)
{
    /// <summary>The accounts disabled by this run, by e-mail.</summary>
    public async Task<IReadOnlyList<string>> DisableIdleAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var disabled = new List<string>();
        var tenants = await db.Tenants.AsNoTracking().Select(t => new { t.Id, t.IdleDays }).ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var group in tenants.GroupBy(t => t.IdleDays))
        {
            var cutoff = now.AddDays(-group.Key);
            var ids = group.Select(t => t.Id).ToArray();
            var idle = await db.Users.Where(u => u.DisabledAt == null && ids.Contains(u.TenantId)
                                                 && ((u.LastSignInAt != null && u.LastSignInAt < cutoff) || (u.LastSignInAt == null && u.CreatedAt < cutoff)))
                .ToListAsync(cancellationToken).ConfigureAwait(false);
            if (idle.Count == 0)
            {
                continue;
            }

            var emails = idle.Select(u => u.Email!).ToArray();
            var enabledSince = await db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.Enabled && a.At >= cutoff && emails.Contains(a.Target))
                .Select(a => a.Target).Distinct().ToListAsync(cancellationToken).ConfigureAwait(false);
            foreach (var user in idle.Where(u => !enabledSince.Contains(u.Email!)))
            {
                user.DisabledAt = now;
                user.DisabledReason = $"no sign-in for {group.Key} days";
                await users.UpdateAsync(user).ConfigureAwait(false);
                await users.UpdateSecurityStampAsync(user).ConfigureAwait(false);
                string since = user.LastSignInAt is { } last ? $"last sign-in {PortalText.When(last)}" : $"never signed in since {PortalText.When(user.CreatedAt)}";
                await audit.WriteAsync(Actor.Operator.Name, user.TenantId, AuditActions.IdleDisabled, user.Email!, $"{user.DisabledReason} ({since})", AuditLog.Ok, cancellationToken)
                    .ConfigureAwait(false);
                disabled.Add(user.Email!);
            }
        }

        return disabled;
    }

    /// <summary>Deletes the audit entries older than Hub:AuditDays; the deletion itself is audited (with no tenant: the hub's own).</summary>
    public async Task<int> PurgeAuditAsync(CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow().AddDays(-options.AuditDays);
        int deleted = await db.Audit.Where(a => a.At < cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        if (deleted > 0)
        {
            await audit.WriteAsync(Actor.Operator.Name, null, AuditActions.AuditPurged, string.Empty, $"{deleted} entries older than {options.AuditDays} days", AuditLog.Ok, cancellationToken)
                .ConfigureAwait(false);
        }

        return deleted;
    }
}
