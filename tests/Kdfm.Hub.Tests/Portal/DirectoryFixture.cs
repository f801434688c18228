using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Kdfm.Testing;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// A slapd with three people and a hub tenant "corp" (a customer of test-dealer) whose directory it is: the group
/// "printing" gives the technician role, "staff" the viewer role (rank 2: printing wins), "visitors" no role.
/// jane is in printing and staff, bob in staff, eve only in visitors.
/// </summary>
public static class DirectoryFixture
{
    public const string Tenant = "corp";
    public const string JanePassword = "jane's directory password";
    public const string BobPassword = "bob's directory password";
    public const string EvePassword = "eve's directory password";

    public static Task<LdapServer> StartAsync() => LdapServer.StartAsync(
        new Dictionary<string, string> { ["jane"] = JanePassword, ["bob"] = BobPassword, ["eve"] = EvePassword },
        new Dictionary<string, string[]> { ["printing"] = ["jane"], ["staff"] = ["jane", "bob"], ["visitors"] = ["eve"] });

    public static async Task<int> ConfigureAsync(TestHub hub, LdapServer ldap)
    {
        int tenantId = await hub.TenantAsync(Tenant);
        await hub.WithDbAsync(async db =>
        {
            var tenant = await db.Tenants.FindAsync(tenantId);
            tenant!.LdapUrl = ldap.Url;
            tenant.LdapBindTemplate = LdapServer.BindTemplate;
            tenant.LdapGroupBase = LdapServer.Groups;
            db.LdapGroupRoles.Add(new LdapGroupRole { TenantId = tenantId, GroupDn = LdapServer.GroupDn("printing"), RoleId = BuiltInRoles.TechnicianId, Rank = 1 });
            // Written another way than the directory writes it: DNs compare without case and spaces.
            db.LdapGroupRoles.Add(new LdapGroupRole { TenantId = tenantId, GroupDn = "CN=staff, OU=groups, DC=corp, DC=example", RoleId = BuiltInRoles.ViewerId, Rank = 2 });
            return await db.SaveChangesAsync();
        });
        return tenantId;
    }
}
