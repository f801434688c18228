using System.Net.Mail;
using Kdfm.Hub.Access;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// Tenants, users and API tokens, made by an actor within its rights: never above its tenant, never a role with a
/// permission it lacks. The command line acts as <see cref="Actor.Operator"/>; the portal's pages as the signed-in user.
/// Every change is audited. Failures are values (<see cref="AdminResult{T}"/>), with a sentence for the person.
/// </summary>
public sealed class AccountAdmin(HubDb db, UserManager<PortalUser> users, AuditLog audit, TimeProvider clock)
{
    public const int MaxTokenDays = 366;

    public async Task<AdminResult<Tenant>> AddTenantAsync(Actor actor, string name, string kind, string? parentName, CancellationToken cancellationToken)
    {
        name = name.Trim();
        if (!actor.Can(Permission.ManageTenants))
        {
            return AdminResult<Tenant>.Refused($"adding a tenant needs {Permission.ManageTenants}");
        }

        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            return AdminResult<Tenant>.Refused("a tenant's name has 1 to 100 characters, no control characters");
        }

        Tenant? parent = null;
        if (parentName is not null)
        {
            parent = await db.Tenants.VisibleTo(actor).FirstOrDefaultAsync(t => t.Name == parentName, cancellationToken).ConfigureAwait(false);
            if (parent is null)
            {
                return AdminResult<Tenant>.Refused($"no tenant {parentName}");
            }
        }
        else if (actor.Tenants is not null)
        {
            return AdminResult<Tenant>.Refused("a tenant without a parent is a dealer: only the hub's operator adds one (kdfm-hub tenants add)");
        }

        if (!TenantKinds.MayBeUnder(kind, parent?.Kind))
        {
            return AdminResult<Tenant>.Refused(parent is null
                ? $"a {kind} needs a parent (a customer is under a dealer, a site under a customer)"
                : $"a {kind} cannot be under the {parent.Kind} {parent.Name} (dealer > customer > site)");
        }

        if (await db.Tenants.AnyAsync(t => t.Name == name, cancellationToken).ConfigureAwait(false))
        {
            return AdminResult<Tenant>.Refused($"a tenant {name} exists already");
        }

        var tenant = new Tenant { Name = name, Kind = kind, ParentId = parent?.Id, CreatedAt = clock.GetUtcNow() };
        db.Tenants.Add(tenant);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, parent?.Id ?? tenant.Id, AuditActions.TenantCreated, name, parent is null ? kind : $"{kind} under {parent.Name}",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<Tenant>.Done(tenant);
    }

    /// <summary>A new local user, with a one-time token to set the password (the link is built by the caller).</summary>
    public async Task<AdminResult<(PortalUser User, string PasswordToken)>> AddUserAsync(Actor actor, string email, string tenantName, string roleName, string? displayName,
        CancellationToken cancellationToken)
    {
        email = email.Trim();
        if (!actor.Can(Permission.ManageUsers))
        {
            return AdminResult<(PortalUser, string)>.Refused($"adding a user needs {Permission.ManageUsers}");
        }

        if (!MailAddress.TryCreate(email, out var address) || address.Address != email)
        {
            return AdminResult<(PortalUser, string)>.Refused($"{email} is not an e-mail address");
        }

        var tenant = await db.Tenants.VisibleTo(actor).FirstOrDefaultAsync(t => t.Name == tenantName, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            return AdminResult<(PortalUser, string)>.Refused($"no tenant {tenantName}");
        }

        var role = await RoleAsync(actor, tenant, roleName, cancellationToken).ConfigureAwait(false);
        if (role.Problem is not null)
        {
            return AdminResult<(PortalUser, string)>.Refused(role.Problem);
        }

        var user = new PortalUser
        {
            UserName = email, Email = email, EmailConfirmed = true, TenantId = tenant.Id, RoleId = role.Value!.Id, DisplayName = displayName?.Trim() ?? string.Empty,
            CreatedAt = clock.GetUtcNow(), Source = UserSources.Local, LockoutEnabled = true,
        };
        var created = await users.CreateAsync(user).ConfigureAwait(false);
        if (!created.Succeeded)
        {
            return AdminResult<(PortalUser, string)>.Refused(string.Join(" ", created.Errors.Select(e => e.Description)));
        }

        string token = await users.GeneratePasswordResetTokenAsync(user).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, tenant.Id, AuditActions.UserCreated, email, $"{role.Value.Name} in {tenant.Name}", cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<(PortalUser, string)>.Done((user, token));
    }

    /// <summary>
    /// The role <paramref name="roleName"/> that <paramref name="actor"/> may give in <paramref name="tenant"/>: a built-in
    /// one or one of the tenant's path, holding no permission the actor lacks.
    /// </summary>
    public async Task<AdminResult<PortalRole>> RoleAsync(Actor actor, Tenant tenant, string roleName, CancellationToken cancellationToken)
    {
        var role = (await RolesForAsync(tenant, cancellationToken).ConfigureAwait(false)).Where(r => r.Name == roleName).OrderByDescending(r => r.TenantId).FirstOrDefault();
        if (role is null)
        {
            return AdminResult<PortalRole>.Refused($"no role {roleName} for {tenant.Name}");
        }

        string? problem = WhyNotGivable(actor, tenant, role);
        return problem is null ? AdminResult<PortalRole>.Done(role) : AdminResult<PortalRole>.Refused(problem);
    }

    /// <summary>The roles a user of <paramref name="tenant"/> may hold: the built-in ones and those of the tenants on its path.</summary>
    public async Task<IReadOnlyList<PortalRole>> RolesForAsync(Tenant tenant, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var path = tree.PathTo(tenant.Id).Select(t => (int?)t.Id).ToList();
        return await db.Roles.AsNoTracking().Where(r => r.TenantId == null || path.Contains(r.TenantId)).OrderBy(r => r.Id).ToListAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Why <paramref name="actor"/> may not give <paramref name="role"/> (one of <see cref="RolesForAsync"/>) in <paramref name="tenant"/>; null when it may.</summary>
    public static string? WhyNotGivable(Actor actor, Tenant tenant, PortalRole role)
    {
        if (!actor.Can(role.Permissions))
        {
            return $"the role {role.Name} has permissions you do not have ({role.Permissions & ~actor.Permissions}): you cannot give it";
        }

        return role.Id == BuiltInRoles.DealerAdminId && tenant.Kind != TenantKinds.Dealer ? "the dealer admin role is for users of a dealer" : null;
    }

    /// <summary>A personal API token for <paramref name="user"/>: the user's permissions and scope, for <paramref name="days"/> days. Shown once.</summary>
    public async Task<AdminResult<(ApiToken Token, string Secret)>> AddTokenAsync(Actor actor, PortalUser user, string name, int days, CancellationToken cancellationToken)
    {
        bool own = actor.UserId == user.Id;
        if (!own && !(actor.Can(Permission.ManageUsers) && actor.Sees(user.TenantId)))
        {
            return AdminResult<(ApiToken, string)>.Refused("only the user, or an administrator of their tenant, makes their tokens");
        }

        if (days is < 1 or > MaxTokenDays)
        {
            return AdminResult<(ApiToken, string)>.Refused($"a token lasts 1 to {MaxTokenDays} days");
        }

        if (user.DisabledAt is not null)
        {
            return AdminResult<(ApiToken, string)>.Refused($"{user.Email} is disabled");
        }

        string secret = "kdfm_" + Secrets.NewToken();
        var now = clock.GetUtcNow();
        var token = new ApiToken
        {
            Id = "tok_" + Secrets.NewCode(12).ToLowerInvariant(), UserId = user.Id, Name = string.IsNullOrWhiteSpace(name) ? "API token" : name.Trim(), Prefix = secret[..12],
            Hash = Secrets.Hash(secret), CreatedAt = now, ExpiresAt = now.AddDays(days),
        };
        db.ApiTokens.Add(token);
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor.Name, user.TenantId, AuditActions.TokenCreated, user.Email!, $"{token.Name} ({token.Prefix}…), {days} days",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return AdminResult<(ApiToken, string)>.Done((token, secret));
    }
}
