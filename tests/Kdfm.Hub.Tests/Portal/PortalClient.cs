using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// The portal at the HTTP level, without a browser: a client with its own cookies that does not follow redirects (a
/// test sees each answer), and sign-in the way the form does it (with its antiforgery token).
/// </summary>
public static partial class PortalClient
{
    public static (HttpClient Client, CookieContainer Cookies) Anonymous(TestHub hub)
    {
        var cookies = new CookieContainer();
        var handler = TestHub.PinnedHandler(hub.Started.Fingerprint);
        handler.CookieContainer = cookies;
        handler.AllowAutoRedirect = false;
        return (new HttpClient(handler) { BaseAddress = hub.Url }, cookies);
    }

    /// <summary>A client signed in as <paramref name="email"/> (no second factor), and the Set-Cookie lines of the sign-in.</summary>
    public static async Task<(HttpClient Client, IReadOnlyList<string> SetCookies)> SignedInAsync(TestHub hub, string email, string password = "a long test password")
    {
        var (client, _) = Anonymous(hub);
        var form = await client.GetAsync("sign-in");
        var setCookies = new List<string>(form.Headers.TryGetValues("Set-Cookie", out var first) ? first : []);
        string token = AntiforgeryToken(await form.Content.ReadAsStringAsync());
        var signIn = await client.PostAsync("sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        Assert.True(signIn.StatusCode == HttpStatusCode.Redirect, $"sign-in of {email}: {(int)signIn.StatusCode}");
        setCookies.AddRange(signIn.Headers.TryGetValues("Set-Cookie", out var second) ? second : []);
        return (client, setCookies);
    }

    /// <summary>Every Razor page routing knows (a page added later is found without a line in a test).</summary>
    public static IEnumerable<Microsoft.AspNetCore.Routing.RouteEndpoint> PageEndpoints(TestHub hub) =>
        hub.Started.App.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>().Endpoints.OfType<Microsoft.AspNetCore.Routing.RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.Mvc.RazorPages.PageActionDescriptor>() is not null);

    /// <summary>A page's route as a path pattern: "/devices/{tenant}/{**key}".</summary>
    public static string PathOf(Microsoft.AspNetCore.Routing.RouteEndpoint page) => "/" + page.RoutePattern.RawText!.TrimStart('/');

    /// <summary>The route patterns of every page, sorted.</summary>
    public static string[] Pages(TestHub hub) => PageEndpoints(hub).Select(PathOf).Distinct().Order(StringComparer.Ordinal).ToArray();

    public static string AntiforgeryToken(string html)
    {
        var match = TokenField().Match(html);
        Assert.True(match.Success, "no antiforgery token in the form");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
