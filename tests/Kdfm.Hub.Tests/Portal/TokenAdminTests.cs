using System.Net;
using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>API tokens in the portal: one's own, or, for an administrator, those of the users of one's subtree; nobody else's.</summary>
public sealed class TokenAdminTests
{
    private static Task<T> Tokens<T>(TestHub hub, Func<TokenAdmin, Task<T>> work) => AdminTree.WithAsync(hub, work);

    private static Task<AdminResult<(ApiToken Token, string Secret)>> MakeAsync(TestHub hub, Actor actor, PortalUser user, string name, int days) =>
        AdminTree.WithAsync<IServiceProvider, AdminResult<(ApiToken, string)>>(hub, async services =>
        {
            var fresh = (await services.GetRequiredService<UserManager<PortalUser>>().FindByIdAsync(user.Id))!;
            return await services.GetRequiredService<AccountAdmin>().AddTokenAsync(actor, fresh, name, days, CancellationToken.None);
        });

    [Fact]
    public async Task A_user_lists_and_revokes_their_own_tokens_and_a_revoked_token_stops_working()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        await using var hub = await TestHub.StartAsync(host: clock.Install);
        var tree = await AdminTree.MakeAsync(hub);
        var vic = await AdminTree.ActorAsync(hub, tree.Vic);
        var made = await MakeAsync(hub, vic, tree.Vic, "billing export", 30);
        Assert.Equal("a token lasts 1 to 366 days", (await MakeAsync(hub, vic, tree.Vic, "too long", 367)).Problem);

        var listed = await Tokens(hub, t => t.ListAsync(vic, tree.Vic.Id, CancellationToken.None));
        var row = Assert.Single(listed!);
        Assert.Equal(("billing export", made.Value.Secret[..12], clock.GetUtcNow().AddDays(30), "active"), (row.Name, row.Prefix, row.ExpiresAt, row.State(clock.GetUtcNow())));
        using var api = new HttpClient(TestHub.PinnedHandler(hub.Started.Fingerprint)) { BaseAddress = hub.Url };
        api.DefaultRequestHeaders.Authorization = new("Bearer", made.Value.Secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("api/v1/devices")).StatusCode);

        var revoked = await Tokens(hub, t => t.RevokeAsync(vic, row.Id, CancellationToken.None));
        Assert.Equal($"The token billing export ({row.Prefix}…) is revoked.", revoked.Value);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("api/v1/devices")).StatusCode);
        Assert.Equal("revoked 2026-11-02 09:00 UTC", (await Tokens(hub, t => t.ListAsync(vic, tree.Vic.Id, CancellationToken.None)))!.Single().State(clock.GetUtcNow()));
    }

    [Fact]
    public async Task An_administrator_sees_and_revokes_the_tokens_below_and_no_one_else_sees_them()
    {
        await using var hub = await TestHub.StartAsync();
        var tree = await AdminTree.MakeAsync(hub);
        var made = await MakeAsync(hub, await AdminTree.ActorAsync(hub, tree.Vic), tree.Vic, "script", 10);
        string id = made.Value.Token.Id;
        var gina = await AdminTree.ActorAsync(hub, tree.Gina);
        var sam = await AdminTree.ActorAsync(hub, tree.Sam);

        Assert.Null(await Tokens(hub, t => t.ListAsync(gina, tree.Vic.Id, CancellationToken.None)));
        Assert.Null(await Tokens(hub, t => t.ListAsync(sam, tree.Vic.Id, CancellationToken.None)));
        Assert.Equal(TokenAdmin.NoSuchToken, (await Tokens(hub, t => t.RevokeAsync(gina, id, CancellationToken.None))).Problem);
        Assert.Equal(TokenAdmin.NoSuchToken, (await Tokens(hub, t => t.RevokeAsync(sam, id, CancellationToken.None))).Problem);
        Assert.Null(await hub.WithDbAsync(db => db.ApiTokens.Where(t => t.Id == id).Select(t => t.RevokedAt).SingleAsync()));

        var carl = await AdminTree.ActorAsync(hub, tree.Carl);
        Assert.Equal(["script"], (await Tokens(hub, t => t.ListAsync(carl, tree.Vic.Id, CancellationToken.None)))!.Select(t => t.Name));
        Assert.True((await Tokens(hub, t => t.RevokeAsync(carl, id, CancellationToken.None))).Succeeded);
        var audit = await hub.WithDbAsync(db => db.Audit.AsNoTracking().SingleAsync(e => e.Action == AuditActions.TokenRevoked));
        Assert.Equal(("carl@acme.example", "vic@acme.example", (int?)await hub.TenantAsync("acme")), (audit.Actor, audit.Target, audit.TenantId));
    }
}
