using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Directory;
using Kdfm.Hub.Storage;
using Kdfm.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>Directory users against a real slapd: the bind, the groups, the role they map to, the user made on first sign-in.</summary>
public sealed class DirectorySignInTests : IAsyncLifetime
{
    private LdapServer _ldap = null!;
    private TestHub _hub = null!;
    private int _tenant;

    public async Task InitializeAsync()
    {
        _ldap = await DirectoryFixture.StartAsync();
        _hub = await TestHub.StartAsync();
        _tenant = await DirectoryFixture.ConfigureAsync(_hub, _ldap);
    }

    public async Task DisposeAsync()
    {
        await _hub.DisposeAsync();
        _ldap.Dispose();
    }

    private async Task<(DirectoryVerdict Verdict, PortalUser? User)?> CheckAsync(string name, string password)
    {
        using var scope = _hub.Started.App.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<PortalUser>>();
        var known = await users.FindByEmailAsync(name);
        return await scope.ServiceProvider.GetRequiredService<DirectorySignIn>().CheckAsync(name, password, known, CancellationToken.None);
    }

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        _hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == action).OrderBy(a => a.Id).ToListAsync());

    [Fact]
    public async Task The_first_sign_in_creates_the_user_with_the_role_of_their_best_ranked_group()
    {
        var checkedBy = await CheckAsync("jane@corp.example", DirectoryFixture.JanePassword);

        Assert.NotNull(checkedBy);
        Assert.Equal(DirectoryVerdict.Accepted, checkedBy.Value.Verdict);
        var jane = await _hub.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "jane@corp.example"));
        Assert.Equal((UserSources.Ldap, _tenant, BuiltInRoles.TechnicianId), (jane.Source, jane.TenantId, jane.RoleId));
        Assert.Null(jane.PasswordHash); // the directory keeps the password
        var created = Assert.Single(await AuditAsync(AuditActions.DirectoryUserCreated));
        Assert.Equal($"technician in corp, from the group {LdapServer.GroupDn("printing")}", created.Detail);
    }

    [Fact]
    public async Task The_role_follows_the_groups_at_each_sign_in()
    {
        Assert.Equal(DirectoryVerdict.Accepted, (await CheckAsync("jane@corp.example", DirectoryFixture.JanePassword))!.Value.Verdict);
        await _ldap.ModifyAsync($"dn: {LdapServer.GroupDn("printing")}\nchangetype: modify\nreplace: member\nmember: {LdapServer.UserDn("bob")}\n");

        Assert.Equal(DirectoryVerdict.Accepted, (await CheckAsync("jane@corp.example", DirectoryFixture.JanePassword))!.Value.Verdict);

        var jane = await _hub.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "jane@corp.example"));
        Assert.Equal(BuiltInRoles.ViewerId, jane.RoleId);
        var changed = Assert.Single(await AuditAsync(AuditActions.DirectoryRoleChanged));
        Assert.Equal("jane@corp.example", changed.Target);
        Assert.StartsWith("now viewer, from the group CN=staff", changed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_an_empty_one_and_an_unknown_name_are_refused_and_no_user_is_made()
    {
        Assert.Equal(DirectoryVerdict.WrongPassword, (await CheckAsync("jane@corp.example", "not her password"))!.Value.Verdict);
        Assert.Equal(DirectoryVerdict.WrongPassword, (await CheckAsync("jane@corp.example", string.Empty))!.Value.Verdict); // not an unauthenticated bind
        Assert.Equal(DirectoryVerdict.WrongPassword, (await CheckAsync("nobody@corp.example", "whatever"))!.Value.Verdict);
        Assert.Equal(0, await _hub.WithDbAsync(db => db.Users.CountAsync()));
    }

    [Fact]
    public async Task A_user_in_no_mapped_group_is_refused_and_the_refusal_audited()
    {
        var checkedBy = await CheckAsync("eve@corp.example", DirectoryFixture.EvePassword);

        Assert.Equal(DirectoryVerdict.NoRole, checkedBy!.Value.Verdict);
        Assert.Null(checkedBy.Value.User);
        var refused = Assert.Single(await AuditAsync(AuditActions.SignInFailed));
        Assert.Equal(("eve@corp.example", AuditLog.Denied, _tenant), (refused.Target, refused.Outcome, refused.TenantId));
        Assert.Equal("directory password right, but none of the user's 1 group(s) has a role in corp", refused.Detail);
    }

    [Fact]
    public async Task A_name_of_another_domain_is_no_directory_s()
    {
        Assert.Null(await CheckAsync("jane@elsewhere.example", DirectoryFixture.JanePassword));
        Assert.Null(await CheckAsync("jane", DirectoryFixture.JanePassword));
    }

    [Fact]
    public async Task A_directory_that_does_not_answer_is_said_so()
    {
        await _hub.WithDbAsync(async db =>
        {
            var tenant = await db.Tenants.FindAsync(_tenant);
            tenant!.LdapUrl = $"ldap://127.0.0.1:{FreePort.Tcp()}";
            return await db.SaveChangesAsync();
        });

        Assert.Equal(DirectoryVerdict.Unavailable, (await CheckAsync("jane@corp.example", DirectoryFixture.JanePassword))!.Value.Verdict);
        var failed = Assert.Single(await AuditAsync(AuditActions.SignInFailed));
        Assert.StartsWith("directory ldap://127.0.0.1:", failed.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_directory_passwords_of_a_known_directory_user_disable_the_account()
    {
        Assert.Equal(DirectoryVerdict.Accepted, (await CheckAsync("jane@corp.example", DirectoryFixture.JanePassword))!.Value.Verdict);
        var outcomes = new List<Kdfm.Hub.Portal.Accounts.SignInOutcome>();
        for (int i = 0; i < 5; i++)
        {
            using var scope = _hub.Started.App.Services.CreateScope();
            outcomes.Add(await scope.ServiceProvider.GetRequiredService<Kdfm.Hub.Portal.Accounts.SignInService>().SignInAsync("jane@corp.example", "wrong", CancellationToken.None));
        }

        Assert.Equal([.. Enumerable.Repeat(Kdfm.Hub.Portal.Accounts.SignInOutcome.Refused, 4), Kdfm.Hub.Portal.Accounts.SignInOutcome.LockedOut], outcomes);
        var jane = await _hub.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Email == "jane@corp.example"));
        Assert.Equal("5 failed sign-ins", jane.DisabledReason);
        Assert.Equal(["wrong directory password (1 of 5)", "wrong directory password (4 of 5)"],
            (await AuditAsync(AuditActions.SignInFailed)).Select(a => a.Detail).Where((_, i) => i is 0 or 3));
    }
}
