using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The Roles pages' rules, on the service: only permissions one holds, only roles of one's subtree, not deleted while held.</summary>
public sealed class RoleAdminTests
{
    private static Task<T> Roles<T>(TestHub hub, Func<RoleAdmin, Task<T>> work) => AdminTree.WithAsync(hub, work);

    [Fact]
    public async Task A_role_never_grants_a_permission_its_maker_lacks()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        int acme = await hub.TenantAsync("acme");
        int roleManagers = (await Roles(hub, r => r.CreateAsync(carl, acme, "role manager", Permission.ManageRoles | Permission.ViewFleet, CancellationToken.None))).Value!.Id;
        var rita = await AdminTree.ActorAsync(hub, await hub.UserAsync("rita@acme.example", "acme", "role manager"));

        var above = await Roles(hub, r => r.CreateAsync(rita, acme, "auditor", Permission.ViewFleet | Permission.ViewAuditLog | Permission.ManageUsers, CancellationToken.None));
        Assert.Equal("You cannot grant permissions you do not have: manage users, view audit log.", above.Problem);
        var within = await Roles(hub, r => r.CreateAsync(rita, acme, "looker", Permission.ViewFleet, CancellationToken.None));
        Assert.True(within.Succeeded, within.Problem);
        var raised = await Roles(hub, r => r.UpdateAsync(rita, within.Value!.Id, "looker", Permission.ViewFleet | Permission.ManageAgents, CancellationToken.None));
        Assert.Equal("You cannot grant permissions you do not have: manage agents.", raised.Problem);
        var stored = await hub.WithDbAsync(db => db.Roles.AsNoTracking().Where(r => r.TenantId == acme).OrderBy(r => r.Id).Select(r => new { r.Name, r.Permissions }).ToListAsync());
        Assert.Equal([("role manager", Permission.ManageRoles | Permission.ViewFleet), ("looker", Permission.ViewFleet)], stored.Select(r => (r.Name, r.Permissions)));

        // Her own role cannot lose manage roles: she would lock herself out of the page.
        var lockout = await Roles(hub, r => r.UpdateAsync(rita, roleManagers, "role manager", Permission.ViewFleet, CancellationToken.None));
        Assert.Equal("This is your own role: without manage roles you could not edit roles any more.", lockout.Problem);
    }

    [Fact]
    public async Task A_role_of_another_tenant_is_no_such_role_and_built_in_roles_and_names_are_kept()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        var gina = await AdminTree.ActorAsync(hub, tree.Gina);
        int acme = await hub.TenantAsync("acme");
        int globex = await hub.TenantAsync("globex");
        int billing = (await Roles(hub, r => r.CreateAsync(carl, acme, "billing", Permission.ViewMetersAndExport, CancellationToken.None))).Value!.Id;

        Assert.Null(await Roles(hub, r => r.FindEditableAsync(gina, billing, CancellationToken.None)));
        Assert.Equal(RoleAdmin.NoSuchRole, (await Roles(hub, r => r.UpdateAsync(gina, billing, "mine", Permission.ViewFleet, CancellationToken.None))).Problem);
        Assert.Equal(RoleAdmin.NoSuchRole, (await Roles(hub, r => r.DeleteAsync(gina, billing, CancellationToken.None))).Problem);
        Assert.Equal("There is no such tenant.", (await Roles(hub, r => r.CreateAsync(gina, acme, "spy", Permission.ViewFleet, CancellationToken.None))).Problem);
        Assert.Equal(RoleAdmin.NoSuchRole, (await Roles(hub, r => r.UpdateAsync(carl, BuiltInRoles.ViewerId, "viewer", Permission.ViewFleet, CancellationToken.None))).Problem);
        Assert.Equal("'Viewer' is the name of a built-in role: choose another.",
            (await Roles(hub, r => r.CreateAsync(gina, globex, "Viewer", Permission.ViewFleet, CancellationToken.None))).Problem);
        Assert.Equal("The tenant has a role named 'billing' already.",
            (await Roles(hub, r => r.CreateAsync(carl, acme, "billing", Permission.ViewFleet, CancellationToken.None))).Problem);

        var ginaSees = await Roles(hub, r => r.ListAsync(gina, CancellationToken.None));
        Assert.Equal(["dealer admin", "customer admin", "technician", "viewer"], ginaSees.Select(r => r.Name));
        Assert.All(ginaSees, r => Assert.False(r.Editable));
        var carlSees = await Roles(hub, r => r.ListAsync(carl, CancellationToken.None));
        Assert.Equal(("billing", "acme", true), carlSees.Where(r => !r.BuiltIn).Select(r => (r.Name, r.TenantName, r.Editable)).Single());
    }

    [Fact]
    public async Task A_role_in_use_is_not_deleted_and_the_refusal_says_who_holds_it()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        int acme = await hub.TenantAsync("acme");
        int billing = (await Roles(hub, r => r.CreateAsync(carl, acme, "billing", Permission.ViewMetersAndExport, CancellationToken.None))).Value!.Id;
        await hub.UserAsync("bea@acme.example", "acme", "billing");
        await hub.UserAsync("ben@acme.example", "acme-north", "billing", kind: TenantKinds.Site, parent: "acme");

        var refused = await Roles(hub, r => r.DeleteAsync(carl, billing, CancellationToken.None));
        Assert.Equal("The role billing is in use by bea@acme.example, ben@acme.example: give them another role first.", refused.Problem);
        Assert.Equal(["bea@acme.example", "ben@acme.example"], (await Roles(hub, r => r.ListAsync(carl, CancellationToken.None))).Single(r => r.Id == billing).UsedBy);

        await hub.WithDbAsync(async db =>
        {
            await db.Users.Where(u => u.RoleId == billing).ExecuteUpdateAsync(u => u.SetProperty(x => x.RoleId, BuiltInRoles.ViewerId));
            return true;
        });
        var deleted = await Roles(hub, r => r.DeleteAsync(carl, billing, CancellationToken.None));
        Assert.Equal("The role billing is deleted.", deleted.Value);
        Assert.False(await hub.WithDbAsync(db => db.Roles.AnyAsync(r => r.Id == billing)));
        var audit = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(e => e.Action.StartsWith("role.")).OrderBy(e => e.Id).Select(e => e.Action + " " + e.Target).ToListAsync());
        Assert.Equal(["role.created billing (acme)", "role.deleted billing"], audit);
    }
}
