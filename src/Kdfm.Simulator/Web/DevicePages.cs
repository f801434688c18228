using System.Globalization;
using System.Text;
using System.Text.Json;
using Kdfm.Snmp.Addressing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The endpoints of every device's site. Which device a request is for comes from the local address the connection
/// reached (never from the Host header, which a proxy or a tunnel rewrites): each device has listeners of its own.
/// Public: the home page, the login form, the assets and the download; behind the session cookie: the status page
/// and its JSON.
/// </summary>
internal sealed class DevicePages(IReadOnlyDictionary<uint, DeviceSite> sites, SessionTokens sessions)
{
    private const int Mebibyte = 1024 * 1024;

    public void Map(WebApplication app)
    {
        app.Use(FindSiteAsync);
        Get(app, "/", context => Redirect(context, StatusCodes.Status302Found, "/index.html"));
        Get(app, "/index.html", context => HtmlAsync(context, StatusCodes.Status200OK, PageHtml.Home(Site(context))));
        Get(app, "/login", context => HtmlAsync(context, StatusCodes.Status200OK, PageHtml.Login(Site(context), failed: false)));
        app.MapPost("/login", SignInAsync);
        Get(app, "/logout", SignOut);
        Get(app, "/status", StatusAsync);
        Get(app, "/api/status", StatusJsonAsync);
        Get(app, "/download", DownloadAsync);
        foreach (var (path, contentType, content) in PageAssets.All)
        {
            Get(app, path, context =>
            {
                context.Response.ContentType = contentType;
                context.Response.ContentLength = content.Length;
                return context.Response.Body.WriteAsync(content, context.RequestAborted).AsTask();
            });
        }
    }

    /// <summary>GET and HEAD (RFC 9110 §9.3.2: the same headers, no body; Kestrel drops a HEAD response's body).</summary>
    private static void Get(WebApplication app, string path, RequestDelegate handler) => app.MapMethods(path, [HttpMethods.Get, HttpMethods.Head], handler);

    private Task FindSiteAsync(HttpContext context, RequestDelegate next)
    {
        // Every listener is bound to a device's IPv4 address, so the local address is one of the sites'.
        if (context.Connection.LocalIpAddress is not { } local || !sites.TryGetValue(AddressRange.ToUInt32(local.MapToIPv4()), out var site))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        context.Features.Set(site);
        return next(context);
    }

    private static DeviceSite Site(HttpContext context) => context.Features.GetRequiredFeature<DeviceSite>();

    private bool SignedIn(HttpContext context) =>
        sessions.IsValid(Site(context).Address, context.Request.Cookies[SessionTokens.CookieName]);

    private async Task SignInAsync(HttpContext context)
    {
        var site = Site(context);
        if (!context.Request.HasFormContentType)
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, "POST /login takes a form: user and password").ConfigureAwait(false);
            return;
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        if (form["user"] != DeviceSite.User || form["password"] != site.Password)
        {
            await HtmlAsync(context, StatusCodes.Status401Unauthorized, PageHtml.Login(site, failed: true)).ConfigureAwait(false);
            return;
        }

        context.Response.Cookies.Append(SessionTokens.CookieName, sessions.Issue(site.Address), new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
        });
        await Redirect(context, StatusCodes.Status303SeeOther, "/status").ConfigureAwait(false); // RFC 9110 §15.4.4: GET the result of a POST
    }

    private static Task SignOut(HttpContext context)
    {
        context.Response.Cookies.Delete(SessionTokens.CookieName, new CookieOptions { Path = "/" });
        return Redirect(context, StatusCodes.Status303SeeOther, "/login");
    }

    private Task StatusAsync(HttpContext context) =>
        SignedIn(context)
            ? HtmlAsync(context, StatusCodes.Status200OK, PageHtml.Status(Site(context), UptimeSeconds(context)))
            : Redirect(context, StatusCodes.Status302Found, "/login");

    private async Task StatusJsonAsync(HttpContext context)
    {
        if (!SignedIn(context))
        {
            await PlainAsync(context, StatusCodes.Status401Unauthorized, "log in first: POST /login").ConfigureAwait(false);
            return;
        }

        var site = Site(context);
        context.Response.ContentType = "application/json";
        using var buffer = new MemoryStream();
        await using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("address", site.Address.ToString());
            json.WriteString("serial", site.Facts.Serial);
            if (site.Facts.PageCount is long pages)
            {
                json.WriteNumber("pages", pages);
            }

            json.WriteNumber("uptimeSeconds", UptimeSeconds(context));
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }

    private static async Task DownloadAsync(HttpContext context)
    {
        if (!int.TryParse(context.Request.Query["mb"], NumberStyles.None, CultureInfo.InvariantCulture, out int mebibytes) ||
            mebibytes is < 1 or > DownloadBytes.MaxMebibytes)
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, $"/download?mb=N takes N from 1 to {DownloadBytes.MaxMebibytes} (MiB)").ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/octet-stream";
        context.Response.ContentLength = (long)mebibytes * Mebibyte;
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"kdfm-sim-{mebibytes}MiB.bin\"";
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await DownloadBytes.WriteAsync(context.Response.Body, mebibytes, context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The device's snmpEngineTime: the same clock its SNMPv3 engine reports.</summary>
    private static int UptimeSeconds(HttpContext context) => Site(context).Device.EngineTime(Environment.TickCount64);

    private static Task Redirect(HttpContext context, int status, string location)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.Location = location; // a path: right behind any proxy or tunnel, whatever its origin
        return Task.CompletedTask;
    }

    private static Task HtmlAsync(HttpContext context, int status, string html) => WriteAsync(context, status, "text/html; charset=utf-8", html);

    private static Task PlainAsync(HttpContext context, int status, string text) => WriteAsync(context, status, "text/plain; charset=utf-8", text + "\n");

    private static Task WriteAsync(HttpContext context, int status, string contentType, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
