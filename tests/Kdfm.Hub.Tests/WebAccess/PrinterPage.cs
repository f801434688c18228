using System.Net;
using Kdfm.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kdfm.Hub.Tests.WebAccess;

/// <summary>A printer's web server in the test (plain HTTP on loopback): a page with its serial, a cookie, a redirect, and the Cookie header it got.</summary>
internal sealed class PrinterPage : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PrinterPage(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public const string Serial = "DWA0001";

    /// <summary>The Cookie header of the last request, as the printer got it.</summary>
    public static string LastCookies { get; private set; } = string.Empty;

    public static async Task<PrinterPage> StartAsync()
    {
        int port = FreePort.Tcp();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        app.Use(async (context, next) =>
        {
            LastCookies = context.Request.Headers.Cookie.ToString();
            await next(context);
        });
        app.MapGet("/", () => Results.Redirect("/index.html"));
        app.MapGet("/index.html", (HttpContext http) =>
        {
            http.Response.Cookies.Append("printer_session", "p1", new CookieOptions { Path = "/" });
            http.Response.Cookies.Append("kdfm.session", "tossed-by-the-printer", new CookieOptions { Path = "/", Domain = "127.0.0.1" });
            http.Response.Headers["Clear-Site-Data"] = "\"cookies\"";
            http.Response.Headers["Strict-Transport-Security"] = "max-age=31536000";
            return Results.Content($"<html><body><h1>Printer</h1><p id=serial>{Serial}</p></body></html>", "text/html");
        });
        app.MapGet("/to-itself", () => Results.Redirect("http://127.20.0.3/index.html"));
        app.MapPost("/settings", () => Results.Text("changed"));
        await app.StartAsync();
        return new PrinterPage(app, port);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
