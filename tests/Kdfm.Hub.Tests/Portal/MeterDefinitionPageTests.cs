using System.Net;
using Kdfm.Hub.Access;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The meter page's Definition handler at the HTTP level: the handler's own permission (403 and audited, as
/// HandlerPermission does for every handler), a refusal of a caller that holds it but is no dealer's (403, audited), a
/// wrong definition said on the page, a right one saved.
/// </summary>
public sealed class MeterDefinitionPageTests
{
    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, int tenant, string definition)
    {
        string page = $"meters?tenant={tenant}";
        string token = PortalClient.AntiforgeryToken(await (await client.GetAsync(page)).Content.ReadAsStringAsync());
        return await client.PostAsync($"{page}&handler=Definition", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["definition"] = definition, ["__RequestVerificationToken"] = token,
        }));
    }

    [Fact]
    public async Task Only_a_dealers_tenant_manager_saves_a_definition_and_every_refusal_is_audited()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("dana@dealer.example", "north-msp", "dealer admin", kind: TenantKinds.Dealer);
        await hub.UserAsync("tom@dealer.example", "north-msp", "technician", kind: TenantKinds.Dealer);
        await hub.UserAsync("carl@customer.example", "north-customer", "customer admin", parent: "north-msp");
        int customer = await hub.WithDbAsync(db => db.Tenants.Where(t => t.Name == "north-customer").Select(t => t.Id).SingleAsync());
        var (dealerAdmin, _) = await PortalClient.SignedInAsync(hub, "dana@dealer.example");
        var (technician, _) = await PortalClient.SignedInAsync(hub, "tom@dealer.example");
        var (customerAdmin, _) = await PortalClient.SignedInAsync(hub, "carl@customer.example");

        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(technician, customer, "black = mono")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostAsync(customerAdmin, customer, "black = mono")).StatusCode);
        var wrong = await PostAsync(dealerAdmin, customer, "black = mono\r\ncolour = colour");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Meter 2: &#x27;colour&#x27; in &#x27;colour&#x27; is no counter", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var saved = await PostAsync(dealerAdmin, customer, "black = mono\r\ncolour = color");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        Assert.Equal("black = mono\ncolour = color", await hub.WithDbAsync(db => db.Tenants.Where(t => t.Id == customer).Select(t => t.MeterDefinition).SingleAsync()));
        Assert.Equal(
        [
            ("tom@dealer.example", "needs ManageTenants"),
            ("carl@customer.example", "needs a dealer's (or the operator's) user who manages tenants, for a tenant they see"),
        ], await hub.WithDbAsync(async db => (await db.Audit.AsNoTracking().Where(a => a.Action == AuditActions.Denied).OrderBy(a => a.Id)
            .Select(a => new { a.Actor, a.Detail }).ToListAsync()).Select(a => (a.Actor, a.Detail)).ToArray()));
    }
}
