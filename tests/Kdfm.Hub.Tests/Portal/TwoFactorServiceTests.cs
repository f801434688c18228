using Kdfm.Hub.Access;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>The <see cref="TwoFactor"/> service without a browser: enrolment, recovery codes renewed, turning it off, the tenant rule.</summary>
public sealed class TwoFactorServiceTests
{
    private sealed record Scope(IServiceScope Services, UserManager<PortalUser> Users, TwoFactor TwoFactor, PortalUser User) : IDisposable
    {
        public void Dispose() => Services.Dispose();
    }

    private static async Task<Scope> ForAsync(TestHub hub, string email)
    {
        var services = hub.Started.App.Services.CreateScope();
        var users = services.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        return new Scope(services, users, services.ServiceProvider.GetRequiredService<TwoFactor>(), (await users.FindByEmailAsync(email))!);
    }

    private static async Task<IReadOnlyList<string>> EnrolAsync(Scope s)
    {
        var key = await s.TwoFactor.PendingKeyAsync(s.User);
        var on = await s.TwoFactor.ConfirmAsync(s.User, TwoFactorTests.CodeFor(key.Grouped), CancellationToken.None);
        Assert.True(on.Succeeded, on.Problem);
        return on.Value!;
    }

    [Fact]
    public async Task A_wrong_code_does_not_turn_it_on_and_the_key_is_kept_encrypted()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("eli@acme.example", "acme", "viewer");
        using var s = await ForAsync(hub, "eli@acme.example");

        var key = await s.TwoFactor.PendingKeyAsync(s.User);
        Assert.Equal(key.Key, (await s.TwoFactor.PendingKeyAsync(s.User)).Key); // a reload shows the same key
        var wrong = await s.TwoFactor.ConfirmAsync(s.User, "000000" == TwoFactorTests.CodeFor(key.Grouped) ? "111111" : "000000", CancellationToken.None);

        Assert.Equal("That code is not right. Check that your phone's clock is right, and enter the code the app shows now.", wrong.Problem);
        Assert.False((await s.Users.FindByEmailAsync("eli@acme.example"))!.TwoFactorEnabled);
        var stored = await hub.WithDbAsync(db => db.UserTokens.AsNoTracking().Where(t => t.UserId == s.User.Id).Select(t => t.Value).ToListAsync());
        Assert.DoesNotContain(stored, v => v != null && v.Contains(key.Key, StringComparison.Ordinal));
        Assert.Equal(1, await hub.WithDbAsync(db => db.Audit.CountAsync(a => a.Action == AuditActions.TwoFactorEnrolmentFailed)));
    }

    [Fact]
    public async Task Renewed_recovery_codes_replace_the_old_ones()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("fay@acme.example", "acme", "viewer");
        using var s = await ForAsync(hub, "fay@acme.example");
        var first = await EnrolAsync(s);

        var renewed = await s.TwoFactor.RenewRecoveryCodesAsync(s.User, TwoFactorTests.CodeFor((await s.Users.GetAuthenticatorKeyAsync(s.User))!), CancellationToken.None);

        Assert.True(renewed.Succeeded, renewed.Problem);
        Assert.Empty(renewed.Value!.Intersect(first));
        Assert.False((await s.Users.RedeemTwoFactorRecoveryCodeAsync(s.User, first[0])).Succeeded);
        Assert.True((await s.Users.RedeemTwoFactorRecoveryCodeAsync(s.User, renewed.Value![0])).Succeeded);
        Assert.Equal(9, await s.Users.CountRecoveryCodesAsync(s.User));
    }

    [Fact]
    public async Task It_turns_off_with_the_password_but_not_where_a_tenant_above_requires_it()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("gus@site.example", "site-1", "viewer", kind: TenantKinds.Site, parent: "shop");
        using var s = await ForAsync(hub, "gus@site.example");
        await EnrolAsync(s);
        await hub.WithDbAsync(async db =>
        {
            (await db.Tenants.SingleAsync(t => t.Name == "shop")).RequireTwoFactor = true; // the site's customer
            return await db.SaveChangesAsync();
        });

        Assert.Equal("shop", (await s.TwoFactor.RequiredByAsync(s.User.TenantId, CancellationToken.None))?.Name);
        var refused = await s.TwoFactor.TurnOffAsync(s.User, TwoFactorTests.Password, CancellationToken.None);
        Assert.Equal("shop requires two-factor sign-in: it cannot be turned off.", refused.Problem);

        await hub.WithDbAsync(async db =>
        {
            (await db.Tenants.SingleAsync(t => t.Name == "shop")).RequireTwoFactor = false;
            return await db.SaveChangesAsync();
        });
        Assert.Equal("That is neither a current code of your app nor your password: two-factor sign-in stays on.",
            (await s.TwoFactor.TurnOffAsync(s.User, "not the password", CancellationToken.None)).Problem);
        Assert.True((await s.TwoFactor.TurnOffAsync(s.User, TwoFactorTests.Password, CancellationToken.None)).Succeeded);

        Assert.False(s.User.TwoFactorEnabled);
        Assert.Null(await s.Users.GetAuthenticatorKeyAsync(s.User)); // the next enrolment gets a new key
        Assert.Equal(0, await s.Users.CountRecoveryCodesAsync(s.User));
        var audited = await hub.WithDbAsync(db => db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.TwoFactorDisabled).OrderBy(a => a.Id)
            .Select(a => a.Outcome + " " + a.Detail).ToListAsync());
        Assert.Equal(["failed wrong code or password", "ok by the user"], audited);
    }
}
