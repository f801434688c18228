using System.Net;
using Microsoft.AspNetCore.Routing;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// Every page of the portal, found by routing (a page added later is in these tests without a line here): who may open
/// it, the headers it carries, the flags of every cookie it sets, and what a person sees for a refusal.
/// </summary>
public sealed class PageSecurityTests
{
    /// <summary>The pages a person who is not signed in may open.</summary>
    private static readonly string[] Anonymous = ["/sign-in", "/sign-in/continue", "/sign-in/second-factor", "/sign-in/sso/{tenant}", "/sign-out", "/set-password", "/status/{code:int}"];

    private static string[] Pages(TestHub hub) => PortalClient.Pages(hub);

    /// <summary>A page's path with its parameters filled (a value that names nothing: the page must still answer well).</summary>
    private static string Fill(string route) => System.Text.RegularExpressions.Regex.Replace(route, "\\{([^}:?]+)[^}]*\\}", m => m.Groups[1].Value == "code" ? "404" : "none");

    private static void AssertHeaders(HttpResponseMessage response, string what)
    {
        string csp = string.Join(";", response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values : []);
        Assert.True(csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) && csp.Contains("script-src 'self';", StringComparison.Ordinal)
            && !csp.Contains("unsafe-inline", StringComparison.Ordinal), $"{what}: CSP '{csp}'");
        Assert.True(response.Headers.TryGetValues("Strict-Transport-Security", out var hsts) && hsts.Single().StartsWith("max-age=", StringComparison.Ordinal), $"{what}: HSTS");
        Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var sniff) && sniff.Single() == "nosniff", $"{what}: nosniff");
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var frame) && frame.Single() == "DENY", $"{what}: X-Frame-Options");
        Assert.True(response.Headers.CacheControl?.NoStore == true, $"{what}: Cache-Control no-store");
        foreach (string cookie in response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [])
        {
            AssertCookie(cookie, what);
        }
    }

    private static void AssertCookie(string cookie, string what)
    {
        string[] flags = cookie.Split(';').Select(f => f.Trim().ToLowerInvariant()).ToArray();
        Assert.True(flags.Contains("secure") && flags.Contains("httponly") && flags.Contains("samesite=strict"), $"{what}: cookie flags of '{cookie.Split('=')[0]}': {cookie}");
    }

    [Fact]
    public async Task A_page_not_open_to_everyone_sends_a_stranger_to_sign_in_and_every_answer_carries_the_headers()
    {
        await using var hub = await TestHub.StartAsync();
        var (client, _) = PortalClient.Anonymous(hub);
        string[] pages = Pages(hub);
        Assert.Contains("/", pages);
        Assert.Contains("/sign-in", pages);

        foreach (string route in pages)
        {
            string path = Fill(route);
            var response = await client.GetAsync(path.TrimStart('/'));
            AssertHeaders(response, $"GET {path} (not signed in)");
            if (Anonymous.Contains(route))
            {
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
                    $"GET {path}: {(int)response.StatusCode}");
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"GET {path} not signed in: {(int)response.StatusCode}");
                Assert.True(new Uri(hub.Url, response.Headers.Location!).PathAndQuery.StartsWith("/sign-in?returnUrl=", StringComparison.Ordinal), $"GET {path}: to {response.Headers.Location}");
            }
        }
    }

    [Fact]
    public async Task Signed_in_every_page_answers_with_a_page_for_a_person_and_the_session_cookie_has_its_flags()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("viewer@acme.example", "acme", "viewer");
        var (client, setCookies) = await PortalClient.SignedInAsync(hub, "viewer@acme.example");
        Assert.Contains(setCookies, c => c.StartsWith("kdfm.session=", StringComparison.Ordinal));
        Assert.Contains(setCookies, c => c.StartsWith("kdfm.antiforgery=", StringComparison.Ordinal));
        foreach (string cookie in setCookies)
        {
            AssertCookie(cookie, "sign-in");
        }

        foreach (string route in Pages(hub).Where(p => p != "/sign-out"))
        {
            string path = Fill(route);
            var response = await client.GetAsync(path.TrimStart('/'));
            AssertHeaders(response, $"GET {path} (viewer)");
            string html = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.Redirect,
                $"GET {path} as a viewer: {(int)response.StatusCode}");
            if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
            {
                // Refusals are pages for a person (the portal's frame and a heading), at the address asked for.
                Assert.True(html.Contains("class=\"topbar\"", StringComparison.Ordinal) && html.Contains("<h1>", StringComparison.Ordinal),
                    $"GET {path} ({(int)response.StatusCode}): {html}");
            }

            Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
            Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
            Assert.DoesNotContain(" on" + "click=", html, StringComparison.Ordinal);
        }
    }

    /// <summary>The permissions a page's policies ask for (pages without one need only a signed-in user).</summary>
    private static Kdfm.Hub.Access.Permission Needs(RouteEndpoint page) =>
        page.Metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Select(a => a.Policy ?? string.Empty)
            .Where(p => p.StartsWith(Kdfm.Hub.Access.PermissionRequirement.PolicyPrefix, StringComparison.Ordinal))
            .Select(p => Enum.Parse<Kdfm.Hub.Access.Permission>(p[Kdfm.Hub.Access.PermissionRequirement.PolicyPrefix.Length..]))
            .Aggregate(Kdfm.Hub.Access.Permission.None, (all, p) => all | p);

    [Fact]
    public async Task A_page_without_its_permission_is_a_403_page_at_its_own_address_and_is_audited()
    {
        await using var hub = await TestHub.StartAsync();
        // A role of acme's own with nothing but "view fleet": every page that asks for more must refuse it.
        await hub.RoleAsync("fleet only", "acme", Kdfm.Hub.Access.Permission.ViewFleet);
        await hub.UserAsync("fleet@acme.example", "acme", "fleet only");
        var (client, _) = await PortalClient.SignedInAsync(hub, "fleet@acme.example");
        var guarded = PortalClient.PageEndpoints(hub).Where(e => (Needs(e) & ~Kdfm.Hub.Access.Permission.ViewFleet) != 0).Select(PortalClient.PathOf).Distinct().ToArray();

        foreach (string path in guarded.Select(Fill))
        {
            var response = await client.GetAsync(path.TrimStart('/'));

            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"GET {path} without its permission: {(int)response.StatusCode}");
            Assert.Contains("<h1>Not allowed</h1>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var audited = await hub.WithDbAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(
                db.Audit.Where(a => a.Actor == "fleet@acme.example" && a.Action == Kdfm.Hub.Access.AuditActions.Denied && a.Target == "GET " + path).Select(a => a.Outcome)));
            Assert.True(audited.SequenceEqual([Kdfm.Hub.Access.AuditLog.Denied]), $"GET {path}: audit [{string.Join(",", audited)}]");
        }
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await using var hub = await TestHub.StartAsync();
        await hub.UserAsync("viewer@acme.example", "acme", "viewer");
        var (client, _) = PortalClient.Anonymous(hub);

        var response = await client.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = "viewer@acme.example", ["Password"] = "a long test password",
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("kdfm.session=", StringComparison.Ordinal)));
    }
}
