using System.Security.Claims;
using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The tree the administration tests share: the dealer msp (ada, dealer admin) over the customers acme (carl, customer
/// admin; vic, viewer) and globex (gina, customer admin), and the site acme-north under acme (sam, technician).
/// </summary>
public sealed record AdminTree(PortalUser Ada, PortalUser Carl, PortalUser Vic, PortalUser Gina, PortalUser Sam)
{
    public const string Password = "a long test password";

    public static async Task<AdminTree> MakeAsync(TestHub hub)
    {
        var ada = await hub.UserAsync("ada@msp.example", "msp", "dealer admin", kind: TenantKinds.Dealer);
        var carl = await hub.UserAsync("carl@acme.example", "acme", "customer admin", parent: "msp");
        var vic = await hub.UserAsync("vic@acme.example", "acme", "viewer", parent: "msp");
        var gina = await hub.UserAsync("gina@globex.example", "globex", "customer admin", parent: "msp");
        var sam = await hub.UserAsync("sam@acme.example", "acme-north", "technician", kind: TenantKinds.Site, parent: "acme");
        return new AdminTree(ada, carl, vic, gina, sam);
    }

    /// <summary>The actor <paramref name="user"/> is in a request: their role's permissions, their subtree (as the hub resolves it).</summary>
    public static async Task<Actor> ActorAsync(TestHub hub, PortalUser user) => (await hub.WithDbAsync(db =>
        ActorAccessor.ResolveAsync(new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user.Id)], "test")), db, CancellationToken.None)))!;

    /// <summary>Runs <paramref name="work"/> with a service of the hub, in a scope of its own (as one request).</summary>
    public static async Task<T> WithAsync<TService, T>(TestHub hub, Func<TService, Task<T>> work)
        where TService : notnull
    {
        using var scope = hub.Started.App.Services.CreateScope();
        return await work(scope.ServiceProvider.GetRequiredService<TService>());
    }
}
