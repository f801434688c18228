using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Directory;

/// <summary>
/// A directory user's sign-in, before the session: the tenant is found by the name's domain (<see cref="LdapNames"/>),
/// or is the known user's own; the password is checked by the directory; the role is that of the user's first mapped
/// group (<see cref="LdapGroupRole"/>, lowest rank), refreshed at each sign-in. The first sign-in creates the portal
/// user (source ldap, no password kept by the hub). No mapped group: refused, and audited.
/// </summary>
public sealed class DirectorySignIn(HubDb db, UserManager<PortalUser> users, LdapDirectory directory, AuditLog audit, TimeProvider clock)
{
    /// <summary>The outcome, or null when <paramref name="signInName"/> is no directory's (no tenant's domain, and not a directory user).</summary>
    public async Task<(DirectoryVerdict Verdict, PortalUser? User)?> CheckAsync(string signInName, string password, PortalUser? known, CancellationToken cancellationToken)
    {
        signInName = signInName.Trim();
        if (LdapNames.Split(signInName) is not { } split)
        {
            return null;
        }

        var (name, domain) = split;
        var withDirectory = await db.Tenants.AsNoTracking().Where(t => t.LdapUrl != null).OrderBy(t => t.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var candidates = known is not null
            ? withDirectory.Where(t => t.Id == known.TenantId).ToList()
            : withDirectory.Where(t => LdapNames.DomainOf(t.LdapBindTemplate) == domain).ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        if (candidates.Count > 1)
        {
            // Saving settings refuses a domain another tenant has; two tenants with one (from before that rule, or set in
            // the database) send no password to either directory.
            await audit.WriteAsync(signInName, null, AuditActions.SignInFailed, signInName, $"the directory domain {domain} is in {candidates.Count} tenants: none is tried",
                AuditLog.Denied, cancellationToken).ConfigureAwait(false);
            return (DirectoryVerdict.WrongPassword, known);
        }

        var verdict = DirectoryVerdict.WrongPassword;
        foreach (var tenant in candidates)
        {
            if (DirectoryServer.Of(tenant) is not { } server)
            {
                continue;
            }

            var answer = await directory.CheckAsync(server, name, password, cancellationToken).ConfigureAwait(false);
            if (answer.Verdict == DirectoryVerdict.Accepted)
            {
                return await AdmitAsync(tenant, known, signInName.ToLowerInvariant(), answer, cancellationToken).ConfigureAwait(false);
            }

            if (answer.Verdict == DirectoryVerdict.Unavailable)
            {
                verdict = DirectoryVerdict.Unavailable;
                await audit.WriteAsync(signInName, tenant.Id, AuditActions.SignInFailed, signInName, $"directory {server.Url} unavailable: {answer.Problem}", AuditLog.Failed,
                    cancellationToken).ConfigureAwait(false);
            }
        }

        return (verdict, known);
    }

    private async Task<(DirectoryVerdict, PortalUser?)> AdmitAsync(Tenant tenant, PortalUser? user, string email, DirectoryAnswer answer, CancellationToken cancellationToken)
    {
        var groups = answer.Groups.Select(NormalDn).ToHashSet(StringComparer.Ordinal);
        var mappings = await db.LdapGroupRoles.AsNoTracking().Where(g => g.TenantId == tenant.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        var mapped = mappings.Where(m => groups.Contains(NormalDn(m.GroupDn))).OrderBy(m => m.Rank).ThenBy(m => m.Id).FirstOrDefault();
        if (mapped is null)
        {
            await audit.WriteAsync(email, tenant.Id, AuditActions.SignInFailed, email,
                $"directory password right, but none of the user's {answer.Groups.Length} group(s) has a role in {tenant.Name}", AuditLog.Denied, cancellationToken).ConfigureAwait(false);
            return (DirectoryVerdict.NoRole, user);
        }

        string role = await db.Roles.AsNoTracking().Where(r => r.Id == mapped.RoleId).Select(r => r.Name).FirstAsync(cancellationToken).ConfigureAwait(false);
        if (user is null)
        {
            user = new PortalUser
            {
                UserName = email, Email = email, EmailConfirmed = true, TenantId = tenant.Id, RoleId = mapped.RoleId, Source = UserSources.Ldap, CreatedAt = clock.GetUtcNow(),
                LockoutEnabled = true,
            };
            var created = await users.CreateAsync(user).ConfigureAwait(false);
            if (!created.Succeeded)
            {
                await audit.WriteAsync(email, tenant.Id, AuditActions.SignInFailed, email, "directory user not created: " + string.Join(" ", created.Errors.Select(e => e.Description)),
                    AuditLog.Failed, cancellationToken).ConfigureAwait(false);
                return (DirectoryVerdict.Unavailable, null);
            }

            await audit.WriteAsync(email, tenant.Id, AuditActions.DirectoryUserCreated, email, $"{role} in {tenant.Name}, from the group {mapped.GroupDn}",
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        else if (user.RoleId != mapped.RoleId)
        {
            user.RoleId = mapped.RoleId;
            await users.UpdateAsync(user).ConfigureAwait(false);
            await audit.WriteAsync(email, tenant.Id, AuditActions.DirectoryRoleChanged, email, $"now {role}, from the group {mapped.GroupDn}", cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }

        return (DirectoryVerdict.Accepted, user);
    }

    /// <summary>DNs compared without case and without spaces around the commas ("CN=Print, DC=corp" = "cn=print,dc=corp").</summary>
    private static string NormalDn(string dn) => string.Join(',', dn.Split(',').Select(p => p.Trim())).ToLowerInvariant();
}
