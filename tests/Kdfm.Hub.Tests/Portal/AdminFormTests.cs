using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The administration forms at the HTTP level, with a valid antiforgery token but another tenant's id in the address or
/// the form: the answer is "not found" and nothing changes.
/// </summary>
public sealed class AdminFormTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string path, Dictionary<string, string> fields)
    {
        string token = PortalClient.AntiforgeryToken(await (await client.GetAsync(formPage)).Content.ReadAsStringAsync());
        fields["__RequestVerificationToken"] = token;
        return await client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Another_tenants_user_role_tenant_or_token_in_a_form_is_not_found_and_left_alone()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var (carl, _) = await PortalClient.SignedInAsync(hub, "carl@acme.example");
        int globex = await hub.TenantAsync("globex");
        var gina = await AdminTree.ActorAsync(hub, tree.Gina);
        int globexRole = (await AdminTree.WithAsync<Kdfm.Hub.Portal.Accounts.RoleAdmin, Kdfm.Hub.Portal.Accounts.AdminResult<Kdfm.Hub.Storage.PortalRole>>(hub,
            r => r.CreateAsync(gina, globex, "globex billing", Kdfm.Hub.Access.Permission.ViewFleet, CancellationToken.None))).Value!.Id;
        var ginaToken = await hub.ApiAsAsync(tree.Gina);
        string tokenId = await hub.WithDbAsync(db => db.ApiTokens.Where(t => t.UserId == tree.Gina.Id).Select(t => t.Id).SingleAsync());
        string vicPage = $"users/{tree.Vic.Id}";

        var posts = new (string Path, Dictionary<string, string> Fields)[]
        {
            ($"users/{tree.Gina.Id}?handler=Disable", new() { ["reason"] = "x" }),
            ($"users/{tree.Ada.Id}?handler=ResetTwoFactor", new()),
            ($"users/{tree.Gina.Id}?handler=Role", new() { ["roleId"] = "4" }),
            ($"users/{tree.Gina.Id}?handler=PasswordLink", new()),
            ($"{vicPage}?handler=Revoke", new() { ["tokenId"] = tokenId }),
            ("tokens?handler=Revoke", new() { ["tokenId"] = tokenId }),
            ($"roles/{globexRole}", new() { ["Name"] = "taken", ["Granted"] = "ViewFleet" }),
            ($"roles/{globexRole}?handler=Delete", new()),
            ($"tenants/{globex}", new() { ["IdleDays"] = "180", ["Lockout"] = "admin", ["RequireTwoFactor"] = "true" }),
            ($"tenants/{globex}?handler=AddGroup", new() { ["groupDn"] = "cn=x,dc=y", ["roleId"] = "4", ["rank"] = "1" }),
        };
        foreach (var (path, fields) in posts)
        {
            var response = await PostAsync(carl, vicPage, path, fields);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"POST {path}: {(int)response.StatusCode}");
        }

        // A role for another tenant, made from the new-role form: that tenant is not found either.
        var made = await PostAsync(carl, "roles/new", "roles/new", new() { ["Name"] = "spy", ["TenantId"] = globex.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        Assert.Contains("There is no such tenant.", await made.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var state = await hub.WithDbAsync(async db => (
            Gina: await db.Users.AsNoTracking().Where(u => u.Id == tree.Gina.Id).Select(u => new { u.DisabledAt, u.RoleId }).SingleAsync(),
            Token: await db.ApiTokens.AsNoTracking().Where(t => t.Id == tokenId).Select(t => t.RevokedAt).SingleAsync(),
            Roles: await db.Roles.AsNoTracking().Where(r => r.TenantId == globex).Select(r => r.Name).ToListAsync(),
            Globex: await db.Tenants.AsNoTracking().Where(t => t.Id == globex).Select(t => new { t.IdleDays, t.RequireTwoFactor }).SingleAsync(),
            Groups: await db.LdapGroupRoles.CountAsync(),
            Spies: await db.Roles.CountAsync(r => r.Name == "spy")));
        Assert.Equal((null, Kdfm.Hub.Access.BuiltInRoles.CustomerAdminId), (state.Gina.DisabledAt, state.Gina.RoleId));
        Assert.Null(state.Token);
        Assert.Equal(["globex billing"], state.Roles);
        Assert.Equal((90, false), (state.Globex.IdleDays, state.Globex.RequireTwoFactor));
        Assert.Equal((0, 0), (state.Groups, state.Spies));
        Assert.Equal(HttpStatusCode.OK, (await ginaToken.GetAsync("api/v1/devices")).StatusCode);
    }
}
