using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// The tenant tree of an actor and each tenant's sign-in settings: second factor required, idle days, lockout, LDAP
/// (server, bind template, group base, group → role mappings) and OIDC. The OIDC client secret is write-only, kept
/// protected with the hub's Data Protection keys under <see cref="OidcSecretPurpose"/>. A tenant outside the subtree is
/// "not found". New tenants are <see cref="AccountAdmin.AddTenantAsync"/>'s.
/// </summary>
public sealed class TenantAdmin(HubDb db, AccountAdmin accounts, AuditLog audit, IDataProtectionProvider protection)
{
    /// <summary>The Data Protection purpose of <see cref="Tenant.OidcClientSecretProtected"/>: whoever reads the secret unprotects it with this.</summary>
    public const string OidcSecretPurpose = "Kdfm.Hub.Tenant.OidcSecret";

    public const string NoSuchTenant = "There is no such tenant.";

    /// <summary>The actor's subtree in tree order (each tenant after its parent, siblings by name).</summary>
    public async Task<IReadOnlyList<TenantRow>> TreeAsync(Actor actor, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var users = await db.Users.AsNoTracking().GroupBy(u => u.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken)
            .ConfigureAwait(false);
        int top = actor.TenantId is { } own ? tree.PathTo(own).Count : 1;
        // The subtree as it is now: a tenant added in this request is already in it (the actor's set was read before).
        var visible = actor.TenantId is { } root && actor.Tenants is not null ? tree.Subtree(root) : null;
        return [.. tree.All.Where(t => visible?.Contains(t.Id) ?? true).Select(t => (Tenant: t, Path: tree.PathTo(t.Id)))
            .OrderBy(p => string.Join('\u0001', p.Path.Select(x => x.Name)), StringComparer.Ordinal)
            .Select(p => new TenantRow(p.Tenant.Id, p.Tenant.Name, p.Tenant.Kind, p.Path.Count - top, p.Tenant.ParentId is { } parent ? tree[parent]?.Name : null,
                users.GetValueOrDefault(p.Tenant.Id), p.Tenant.RequireTwoFactor, p.Tenant.IdleDays, p.Tenant.LockoutMinutes, TenantSettingsCheck.Given(p.Tenant.LdapUrl),
                TenantSettingsCheck.Given(p.Tenant.OidcAuthority)))];
    }

    /// <summary>A tenant of the actor's subtree, or null.</summary>
    public Task<Tenant?> FindAsync(Actor actor, int tenantId, CancellationToken cancellationToken) =>
        db.Tenants.AsNoTracking().VisibleTo(actor).FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken);

    /// <summary>The settings as the form shows them: the OIDC secret only as "set" or not.</summary>
    public static TenantSettings SettingsOf(Tenant tenant) =>
        new(tenant.RequireTwoFactor, tenant.IdleDays, tenant.LockoutMinutes, tenant.LdapUrl, tenant.LdapBindTemplate, tenant.LdapGroupBase, tenant.OidcAuthority, tenant.OidcClientId,
            OidcSecretSet: tenant.OidcClientSecretProtected is not null);

    public async Task<AdminResult<string>> SaveSettingsAsync(Actor actor, int tenantId, TenantSettings settings, CancellationToken cancellationToken)
    {
        var (tenant, problem) = await TargetAsync(actor, tenantId, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        var problems = TenantSettingsCheck.Problems(settings);
        if (problems.Count > 0)
        {
            return AdminResult<string>.Refused(string.Join(" ", problems));
        }

        // A directory's domain is one tenant's: sign-in sends name@domain to that tenant's directory only, so another
        // tenant naming the same domain could otherwise receive its users' passwords (or take over their first sign-in).
        if (Kdfm.Hub.Portal.Directory.LdapNames.DomainOf(Trimmed(settings.LdapBindTemplate)) is { } domain)
        {
            var others = await db.Tenants.AsNoTracking().Where(t => t.Id != tenant.Id && t.LdapBindTemplate != null).Select(t => t.LdapBindTemplate).ToListAsync(cancellationToken)
                .ConfigureAwait(false);
            if (others.Any(t => Kdfm.Hub.Portal.Directory.LdapNames.DomainOf(t) == domain))
            {
                return AdminResult<string>.Refused($"The directory domain {domain} is another tenant's already: a domain signs in to one tenant only.");
            }
        }

        var changes = new List<string>();
        void Set<T>(string what, T before, T after, Action<T> apply, bool shown = true)
        {
            if (!EqualityComparer<T>.Default.Equals(before, after))
            {
                changes.Add(shown ? $"{what} {Show(before)} → {Show(after)}" : what);
                apply(after);
            }
        }

        Set("require 2FA", tenant.RequireTwoFactor, settings.RequireTwoFactor, v => tenant.RequireTwoFactor = v);
        Set("idle days", tenant.IdleDays, settings.IdleDays, v => tenant.IdleDays = v);
        Set("lockout minutes", tenant.LockoutMinutes, settings.LockoutMinutes, v => tenant.LockoutMinutes = v);
        Set("LDAP server", tenant.LdapUrl, Trimmed(settings.LdapUrl), v => tenant.LdapUrl = v);
        Set("LDAP bind template", tenant.LdapBindTemplate, Trimmed(settings.LdapBindTemplate), v => tenant.LdapBindTemplate = v);
        Set("LDAP group base", tenant.LdapGroupBase, Trimmed(settings.LdapGroupBase), v => tenant.LdapGroupBase = v);
        Set("OIDC authority", tenant.OidcAuthority, Trimmed(settings.OidcAuthority), v => tenant.OidcAuthority = v);
        Set("OIDC client id", tenant.OidcClientId, Trimmed(settings.OidcClientId), v => tenant.OidcClientId = v);
        if (settings.ClearOidcSecret && tenant.OidcClientSecretProtected is not null)
        {
            Set("OIDC client secret removed", tenant.OidcClientSecretProtected, null, v => tenant.OidcClientSecretProtected = v, shown: false);
        }
        else if (!settings.ClearOidcSecret && TenantSettingsCheck.Given(settings.NewOidcSecret))
        {
            Set("OIDC client secret replaced", "old", "new", _ => tenant.OidcClientSecretProtected = protection.CreateProtector(OidcSecretPurpose).Protect(settings.NewOidcSecret!),
                shown: false);
        }

        if (changes.Count == 0)
        {
            return AdminResult<string>.Done($"Nothing changed for {tenant.Name}.");
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, tenant.Id, AuditActions.TenantChanged, tenant.Name, string.Join("; ", changes), cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<string>.Done($"The settings of {tenant.Name} are saved.");
    }

    public async Task<IReadOnlyList<LdapGroupRow>> GroupsAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var roles = await db.Roles.AsNoTracking().ToDictionaryAsync(r => r.Id, r => r.Name, cancellationToken).ConfigureAwait(false);
        var groups = await db.LdapGroupRoles.AsNoTracking().Where(g => g.TenantId == tenant.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. groups.OrderBy(g => g.Rank).ThenBy(g => g.GroupDn, StringComparer.Ordinal).Select(g => new LdapGroupRow(g.Id, g.GroupDn, g.RoleId, roles.GetValueOrDefault(g.RoleId, "?"), g.Rank))];
    }

    /// <summary>Maps an LDAP group of the tenant to a role the actor may give there.</summary>
    public async Task<AdminResult<string>> AddGroupAsync(Actor actor, int tenantId, string groupDn, int roleId, int rank, CancellationToken cancellationToken)
    {
        var (tenant, problem) = await TargetAsync(actor, tenantId, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return AdminResult<string>.Refused(problem!);
        }

        groupDn = groupDn.Trim();
        if (!TenantSettingsCheck.IsDn(groupDn))
        {
            return AdminResult<string>.Refused("The group must be a distinguished name, e.g. cn=printing,ou=groups,dc=corp,dc=example.");
        }

        var role = (await accounts.RolesForAsync(tenant, cancellationToken).ConfigureAwait(false)).FirstOrDefault(r => r.Id == roleId);
        string? why = role is null ? $"That role is not one a user of {tenant.Name} may hold." : AccountAdmin.WhyNotGivable(actor, tenant, role);
        if (why is not null)
        {
            return AdminResult<string>.Refused(why);
        }

        var existing = await db.LdapGroupRoles.Where(g => g.TenantId == tenant.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
        if (existing.Any(g => string.Equals(g.GroupDn, groupDn, StringComparison.OrdinalIgnoreCase)))
        {
            return AdminResult<string>.Refused($"The group {groupDn} is mapped already: remove it first.");
        }

        db.LdapGroupRoles.Add(new LdapGroupRole { TenantId = tenant.Id, GroupDn = groupDn, RoleId = role!.Id, Rank = rank });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, tenant.Id, AuditActions.TenantChanged, tenant.Name, $"LDAP group {groupDn} → role {role.Name} (rank {rank})", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return AdminResult<string>.Done($"Members of {groupDn} get the role {role.Name}.");
    }

    public async Task<AdminResult<string>> RemoveGroupAsync(Actor actor, int tenantId, int groupId, CancellationToken cancellationToken)
    {
        var (tenant, problem) = await TargetAsync(actor, tenantId, cancellationToken).ConfigureAwait(false);
        var group = tenant is null ? null : await db.LdapGroupRoles.FirstOrDefaultAsync(g => g.Id == groupId && g.TenantId == tenant.Id, cancellationToken).ConfigureAwait(false);
        if (tenant is null || group is null)
        {
            return AdminResult<string>.Refused(problem ?? "There is no such group mapping.");
        }

        db.LdapGroupRoles.Remove(group);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, tenant.Id, AuditActions.TenantChanged, tenant.Name, $"LDAP group {group.GroupDn} removed", cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return AdminResult<string>.Done($"The group {group.GroupDn} is no longer mapped.");
    }

    private async Task<(Tenant? Tenant, string? Problem)> TargetAsync(Actor actor, int tenantId, CancellationToken cancellationToken)
    {
        if (!actor.Can(Permission.ManageTenants))
        {
            return (null, $"This needs the permission {PermissionNames.Of(Permission.ManageTenants)}.");
        }

        var tenant = await db.Tenants.VisibleTo(actor).FirstOrDefaultAsync(t => t.Id == tenantId, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return (null, NoSuchTenant);
        }

        // A customer's or a site's sign-in (2FA required, lockout, LDAP, OIDC) is set from the tenant above it: its own
        // administrators could otherwise point it at a directory or a provider of theirs and become any of its users, or
        // lift a second factor their dealer requires. A dealer (the hub's MSP) sets its own.
        return tenant.Id == actor.TenantId && tenant.Kind != TenantKinds.Dealer
            ? (null, "Your own tenant's sign-in settings are set by the tenant above it: ask your dealer's administrators.")
            : (tenant, null);
    }

    private static string? Trimmed(string? value) => TenantSettingsCheck.Given(value) ? value!.Trim() : null;

    private static string Show<T>(T value) => value switch
    {
        null => "none",
        bool b => b ? "on" : "off",
        _ => value.ToString() ?? "none",
    };
}
