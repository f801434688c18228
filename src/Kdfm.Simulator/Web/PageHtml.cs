using System.Globalization;
using System.Text;
using static System.Net.WebUtility;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The HTML of a device's pages. Each asset is linked by an absolute path from one page and by a relative one from
/// another (home: <c>/css/style.css</c>, <c>js/app.js</c>, <c>img/logo.svg</c>; status: the other way round), and the
/// navigation mixes both too, so a proxy in front of the device (Device Web Access) is tried on both kinds.
/// </summary>
internal static class PageHtml
{
    private sealed record Links(string Css, string Script, string Logo);

    private static readonly Links HomeLinks = new("/css/style.css", "js/app.js", "img/logo.svg");
    private static readonly Links StatusLinks = new("css/style.css", "/js/app.js", "/img/logo.svg");
    private static readonly Links LoginLinks = new("css/style.css", "js/app.js", "img/logo.svg");

    public static string Home(DeviceSite site)
    {
        var facts = site.Facts;
        var body = new StringBuilder()
            .Append("<table class=\"facts\">\n")
            .Append(Row("Model", "model", facts.Model))
            .Append(Row("Serial number", "serial", facts.Serial))
            .Append(Row("Host name", "name", facts.Name))
            .Append(Row("Manufacturer", "manufacturer", facts.Manufacturer))
            .Append(Row("Location", "location", facts.Location))
            .Append(Row("Description", "description", facts.Description))
            .Append(Row("IP address", "address", site.Address.ToString()))
            .Append("</table>\n")
            .Append("<p><a href=\"login\">Log in</a> to see the device's status.</p>\n");
        return Layout(site, "Home", HomeLinks, body.ToString());
    }

    public static string Login(DeviceSite site, bool failed)
    {
        var body = new StringBuilder();
        if (failed)
        {
            body.Append("<p class=\"error\" id=\"error\">Wrong user name or password.</p>\n");
        }

        body.Append("<form method=\"post\" action=\"/login\">\n")
            .Append("<label for=\"user\">User name</label><input id=\"user\" name=\"user\" autocomplete=\"username\" value=\"admin\">\n")
            .Append("<label for=\"password\">Password</label><input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\">\n")
            .Append("<button type=\"submit\">Log in</button>\n</form>\n")
            .Append("<p class=\"hint\">The factory password is the serial number shown on the <a href=\"/index.html\">home page</a>")
            .Append(site.Facts.Serial is null ? " (this device has none: <code>admin</code>)" : string.Empty)
            .Append(".</p>\n");
        return Layout(site, "Log in", LoginLinks, body.ToString());
    }

    public static string Status(DeviceSite site, int uptimeSeconds)
    {
        var facts = site.Facts;
        var body = new StringBuilder()
            .Append("<p>Signed in as <b>").Append(DeviceSite.User).Append("</b>. <a href=\"logout\">Log out</a></p>\n")
            .Append("<table class=\"facts\">\n")
            .Append(Row("Model", "model", facts.Model))
            .Append(Row("Serial number", "serial", facts.Serial))
            .Append(Row("Total pages", "pages", facts.PageCount?.ToString(CultureInfo.InvariantCulture)))
            .Append(Row("Up time", "uptime", uptimeSeconds.ToString(CultureInfo.InvariantCulture) + " s"))
            .Append("</table>\n")
            .Append("<p class=\"hint\" id=\"refreshed\"></p>\n")
            .Append("<p><a href=\"/download?mb=1\">Download 1 MiB</a> (a test file; <code>/download?mb=N</code> up to ")
            .Append(DownloadBytes.MaxMebibytes).Append(")</p>\n");
        return Layout(site, "Status", StatusLinks, body.ToString());
    }

    private static string Row(string label, string id, string? value) =>
        $"<tr><th>{label}</th><td id=\"{id}\">{(value is null ? "<i>unknown</i>" : HtmlEncode(value))}</td></tr>\n";

    private static string Layout(DeviceSite site, string page, Links links, string body)
    {
        string device = HtmlEncode(site.Facts.Model ?? "Printer");
        string name = HtmlEncode(site.Facts.Name ?? site.Address.ToString());
        return $"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <title>{page} — {device} ({name})</title>
            <link rel="stylesheet" href="{links.Css}">
            <script src="{links.Script}" defer></script>
            </head>
            <body>
            <header><img src="{links.Logo}" alt="logo" width="40" height="40"><h1>{device}</h1></header>
            <nav><a href="index.html">Home</a><a href="/status">Status</a><a href="login">Log in</a></nav>
            <main>
            <h2>{page}</h2>
            {body}</main>
            <footer>Simulated by kdfm-sim: {HtmlEncode(site.Address.ToString())}, walk {HtmlEncode(Path.GetFileName(site.Device.Walk))}, copy {site.Device.Copy}</footer>
            </body>
            </html>

            """;
    }
}
