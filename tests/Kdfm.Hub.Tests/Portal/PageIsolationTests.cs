using System.Net;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using static Kdfm.Hub.Tests.Fleet.FleetData;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The portal's tenant isolation matrix: the administrators of customer A (alpha), customer B (beta) and their dealer
/// against every page routing knows (a page added later is in the matrix without a line here), with each page's own
/// things of the other customer in its address. A never sees anything of B — no printer, collector, user, role or
/// tenant name in any page — B nothing of A, and the dealer sees both.
/// </summary>
public sealed class PageIsolationTests : IAsyncLifetime
{
    private TestHub _hub = null!;
    private readonly Dictionary<string, HttpClient> _as = [];

    /// <summary>What of each customer may appear in a page: its printers' names, its collector, its people and its own role.</summary>
    private readonly Dictionary<string, string[]> _marks = [];

    /// <summary>Each customer's things as they go in an address: (route, path) for a route with parameters.</summary>
    private readonly Dictionary<string, (string Route, string Path)[]> _addresses = [];

    public async Task InitializeAsync()
    {
        _hub = await TestHub.StartAsync();
        await SeedAsync(_hub);
        await _hub.UserAsync("admin@acme-msp.example", Dealer, "dealer admin", kind: TenantKinds.Dealer);
        foreach (string customer in new[] { Alpha, Beta })
        {
            var admin = await _hub.UserAsync($"admin@{customer}.example", customer, "customer admin", parent: Dealer);
            var viewer = await _hub.UserAsync($"viewer@{customer}.example", customer, "viewer", parent: Dealer);
            int role = await _hub.RoleAsync($"{customer}-auditor", customer, Kdfm.Hub.Access.Permission.ViewAuditLog);
            int tenant = await _hub.TenantAsync(customer);
            string agent = await _hub.WithDbAsync(db => db.Agents.Where(a => a.TenantId == tenant).Select(a => a.Id).SingleAsync());
            var printers = SeededPrinters.Where(p => p.Tenant == customer).ToArray();
            _marks[customer] = [.. printers.Select(p => p.SysName), agent, admin.Email!, viewer.Email!, $"{customer}-auditor"];
            string session = $"dwa_{customer}session0001";
            await _hub.WithDbAsync(db =>
            {
                db.WebSessions.Add(new WebSession
                {
                    Id = session, TenantId = tenant, AgentId = agent, DeviceKey = printers[0].Key, UserId = admin.Id, UserName = admin.Email!, Port = 80,
                    OpenedAt = DateTimeOffset.UtcNow, ExpiresAt = DateTimeOffset.UtcNow.AddMinutes(30),
                });
                return db.SaveChangesAsync();
            });
            _addresses[customer] =
            [
                ("/devices/{tenant}/{**key}", $"/devices/{customer}/{printers[0].Key}"), ("/users/{id}", $"/users/{viewer.Id}"), ("/roles/{id}", $"/roles/{role}"),
                ("/tenants/{id}", $"/tenants/{tenant}"), ("/web-sessions/{id?}", $"/web-sessions/{session}"),
            ];
        }

        foreach (var (who, email) in new[] { (Alpha, "admin@alpha.example"), (Beta, "admin@beta.example"), (Dealer, "admin@acme-msp.example") })
        {
            _as[who] = (await PortalClient.SignedInAsync(_hub, email)).Client;
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _as.Values)
        {
            client.Dispose();
        }

        await _hub.DisposeAsync();
    }

    private string[] Pages() => PortalClient.Pages(_hub);

    private async Task<string> PageAsync(string who, string path)
    {
        var response = await _as[who].GetAsync(path.TrimStart('/'));
        return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
    }

    [Fact]
    public async Task No_page_shows_a_customer_anything_of_the_other_and_the_dealer_sees_both()
    {
        var plain = Pages().Where(p => !p.Contains('{', StringComparison.Ordinal) && p is not "/sign-out").ToArray();
        Assert.Contains("/devices", plain);
        Assert.Contains("/audit", plain);
        var seenByDealer = new System.Text.StringBuilder();
        foreach (string path in plain)
        {
            foreach (var (who, other) in new[] { (Alpha, Beta), (Beta, Alpha) })
            {
                string page = await PageAsync(who, path);
                foreach (string mark in _marks[other])
                {
                    Assert.False(page.Contains(mark, StringComparison.OrdinalIgnoreCase), $"{who} sees {mark} of {other} in GET {path}");
                }
            }

            seenByDealer.Append(await PageAsync(Dealer, path));
        }

        foreach (string mark in _marks[Alpha].Concat(_marks[Beta]))
        {
            Assert.True(seenByDealer.ToString().Contains(mark, StringComparison.OrdinalIgnoreCase), $"the dealer sees {mark} in no page");
        }
    }

    [Fact]
    public async Task The_other_customers_things_by_address_are_not_found_and_the_dealers_are_pages()
    {
        var routes = Pages().Where(p => p.Contains('{', StringComparison.Ordinal) && !p.StartsWith("/status", StringComparison.Ordinal) && !p.StartsWith("/sign-in", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(routes.Order(StringComparer.Ordinal), _addresses[Alpha].Select(a => a.Route).Order(StringComparer.Ordinal)); // every such page has its row

        foreach (var (who, other) in new[] { (Alpha, Beta), (Beta, Alpha) })
        {
            foreach (var (route, path) in _addresses[other])
            {
                string page = await PageAsync(who, path);
                Assert.True(page.StartsWith("404 ", StringComparison.Ordinal), $"{who} GET {path} ({route}): {page[..Math.Min(page.Length, 200)]}");
                Assert.Contains("<h1>Not found</h1>", page, StringComparison.Ordinal);
                Assert.True(_marks[other].All(m => !page.Contains(m, StringComparison.OrdinalIgnoreCase)), $"{who} GET {path}: names something of {other}");
            }

            foreach (var (route, path) in _addresses[who].Where(a => a.Route != "/tenants/{id}"))
            {
                Assert.True((await PageAsync(who, path)).StartsWith("200 ", StringComparison.Ordinal), $"{who} GET its own {path}");
            }
        }

        foreach (var (_, path) in _addresses[Alpha].Concat(_addresses[Beta]))
        {
            Assert.True((await PageAsync(Dealer, path)).StartsWith("200 ", StringComparison.Ordinal), $"the dealer GET {path}");
        }
    }
}
