using System.Buffers.Binary;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kdfm.Simulator.Fleet;
using Kdfm.Simulator.Web;
using Kdfm.Snmp;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;
using Microsoft.Net.Http.Headers;
using static Kdfm.Simulator.Tests.Web.WebClients;

namespace Kdfm.Simulator.Tests.Web;

/// <summary>Every device's web site over real sockets, as a browser or the hub's proxy sees it.</summary>
public partial class DeviceWebTests(WebFleet web) : IClassFixture<WebFleet>
{
    private static readonly Oid SerialNumber = Oid.Parse("1.3.6.1.2.1.43.5.1.1.17.1"); // prtGeneralSerialNumber.1 (RFC 3805)
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");
    private static readonly Oid PageCount = Oid.Parse("1.3.6.1.2.1.43.10.2.1.4.1.1"); // prtMarkerLifeCount.1.1

    [GeneratedRegex("<td id=\"(?<id>[a-z]+)\">(?<value>[^<]*)</td>")]
    private static partial Regex Cell();

    [GeneratedRegex("(?:href|src)=\"(?<link>[^\"]+)\"")]
    private static partial Regex Link();

    private static Dictionary<string, string> Cells(string html) =>
        Cell().Matches(html).ToDictionary(m => m.Groups["id"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));

    private async Task<IReadOnlyList<string>> SnmpGetAsync(int device, params Oid[] oids)
    {
        await using var client = new SnmpClient();
        var result = await client.GetAsync(SnmpTarget.V2c(web.Fleet[device], "public"), oids);
        Assert.True(result.IsSuccess, result.ToString());
        return [.. result.Value.VarBinds.Select(v => v.Value.ToString())];
    }

    [Theory]
    [InlineData(0, 5)] // the Brother walk and its first copy (a rewritten serial)
    [InlineData(1, 6)] // the Epson walk and its first copy
    public async Task Each_address_answers_as_its_own_device_with_the_serial_its_snmp_agent_gives(int original, int copy)
    {
        using var http = Plain();
        var pages = new Dictionary<int, Dictionary<string, string>>();
        foreach (int device in new[] { original, copy })
        {
            var snmp = await SnmpGetAsync(device, SerialNumber, SysName);
            using var response = await http.SendAsync(Get(web.Http(device, "/index.html")));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/html", MediaType(response));
            var cells = Cells(await response.Content.ReadAsStringAsync());
            Assert.Equal(snmp[0], cells["serial"]);
            Assert.Equal(snmp[1], cells["name"]);
            Assert.Equal(web.Address(device).ToString(), cells["address"]);
            pages[device] = cells;
        }

        Assert.NotEqual(pages[original]["serial"], pages[copy]["serial"]);
        Assert.Equal(pages[original]["model"], pages[copy]["model"]);
    }

    [Fact]
    public async Task The_root_redirects_to_the_home_page()
    {
        using var http = Plain();
        using var response = await http.SendAsync(Get(web.Http(2, "/")));
        Assert.Equal(HttpStatusCode.Found, response.StatusCode);
        Assert.Equal("/index.html", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Signing_in_with_the_serial_sets_a_session_cookie_that_opens_the_status_page_of_that_device_only()
    {
        using var http = Plain();
        string serial = (await SnmpGetAsync(3, SerialNumber))[0];
        string pageCount = (await SnmpGetAsync(3, PageCount))[0];

        using (var wrong = await http.SendAsync(Login(web.Http(3, "/login"), "admin", serial + "x")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.False(wrong.Headers.Contains("Set-Cookie"));
            Assert.Contains("<p class=\"error\" id=\"error\">Wrong user name or password.</p>", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var wrongUser = await http.SendAsync(Login(web.Http(3, "/login"), "root", serial)))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, wrongUser.StatusCode);
        }

        using var right = await http.SendAsync(Login(web.Http(3, "/login"), "admin", serial));
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal("/status", right.Headers.Location?.OriginalString);
        var cookie = SetCookieHeaderValue.Parse(Assert.Single(right.Headers.GetValues("Set-Cookie")));
        Assert.Equal("printer_session", cookie.Name.Value);
        Assert.Equal("/", cookie.Path.Value);
        Assert.True(cookie.HttpOnly);
        Assert.False(cookie.Secure); // plain HTTP: a Secure cookie would never come back
        string session = $"{cookie.Name}={cookie.Value}";

        using (var status = await http.SendAsync(Get(web.Http(3, "/status"), session)))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
            var cells = Cells(await status.Content.ReadAsStringAsync());
            Assert.Equal(serial, cells["serial"]);
            Assert.Equal(pageCount, cells["pages"]);
            Assert.Matches("^[0-9]+ s$", cells["uptime"]);
        }

        using (var json = await http.SendAsync(Get(web.Http(3, "/api/status"), session)))
        {
            Assert.Equal("application/json", MediaType(json));
            using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
            Assert.Equal(serial, document.RootElement.GetProperty("serial").GetString());
            Assert.Equal(long.Parse(pageCount, System.Globalization.CultureInfo.InvariantCulture), document.RootElement.GetProperty("pages").GetInt64());
        }

        foreach (var (device, cookieHeader) in new[] { (3, (string?)null), (4, session), (3, "printer_session=forged") })
        {
            using var refused = await http.SendAsync(Get(web.Http(device, "/status"), cookieHeader));
            Assert.Equal(HttpStatusCode.Found, refused.StatusCode);
            Assert.Equal("/login", refused.Headers.Location?.OriginalString);
            using var refusedJson = await http.SendAsync(Get(web.Http(device, "/api/status"), cookieHeader));
            Assert.Equal(HttpStatusCode.Unauthorized, refusedJson.StatusCode);
        }

        using var logout = await http.SendAsync(Get(web.Http(3, "/logout"), session));
        Assert.Equal(HttpStatusCode.SeeOther, logout.StatusCode);
        Assert.Equal("/login", logout.Headers.Location?.OriginalString);
        var cleared = SetCookieHeaderValue.Parse(Assert.Single(logout.Headers.GetValues("Set-Cookie")));
        Assert.Equal(("printer_session", ""), (cleared.Name.Value, cleared.Value.Value));
        Assert.True(cleared.Expires < DateTimeOffset.UtcNow);
    }

    [Fact]
    public async Task Every_link_of_the_pages_resolves_and_the_assets_come_by_absolute_and_relative_paths()
    {
        using var http = Plain();
        string serial = (await SnmpGetAsync(2, SerialNumber))[0];
        using var login = await http.SendAsync(Login(web.Http(2, "/login"), "admin", serial));
        var cookie = SetCookieHeaderValue.Parse(Assert.Single(login.Headers.GetValues("Set-Cookie")));
        string session = $"{cookie.Name}={cookie.Value}";

        var links = new List<(string Page, string Link, Uri Resolved)>();
        foreach (string page in new[] { "/index.html", "/login", "/status" })
        {
            using var response = await http.SendAsync(Get(web.Http(2, page), session));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var baseUri = web.Http(2, page);
            links.AddRange(Link().Matches(await response.Content.ReadAsStringAsync()).Select(m => (page, m.Groups["link"].Value, new Uri(baseUri, m.Groups["link"].Value))));
        }

        var assets = new Dictionary<string, string> { ["/css/style.css"] = "text/css", ["/js/app.js"] = "text/javascript", ["/img/logo.svg"] = "image/svg+xml" };
        foreach (var (path, mediaType) in assets)
        {
            Assert.Contains(links, l => l.Link == path); // absolute somewhere
            Assert.Contains(links, l => l.Link == path[1..]); // relative somewhere
            using var response = await http.SendAsync(Get(web.Http(2, path)));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(mediaType, MediaType(response));
            Assert.True(response.Content.Headers.ContentLength > 100);
        }

        using (var logo = await http.SendAsync(Get(web.Http(2, "/img/logo.svg"))))
        {
            Assert.StartsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"", await logo.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        foreach (var (page, link, resolved) in links.Where(l => l.Link != "logout"))
        {
            Assert.Equal($"{web.Address(2)}:{web.HttpPort}", resolved.Authority);
            using var response = await http.SendAsync(Get(resolved, session));
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Found, $"{page}: {link} → {resolved}: {(int)response.StatusCode}");
        }

        Assert.Contains(links, l => l.Link == "login");
        Assert.Contains(links, l => l.Link == "/status");
        Assert.Contains(links, l => l.Link == "logout");
    }

    [Fact]
    public async Task Https_serves_the_same_page_with_a_self_signed_certificate_for_the_device_address()
    {
        var seen = new List<(X509Certificate2 Certificate, SslPolicyErrors Errors)>();
        using var https = AcceptingAnyCertificate((certificate, errors) => seen.Add((certificate, errors)));
        using var http = Plain();
        foreach (int device in new[] { 1, 4 })
        {
            using var secure = await https.SendAsync(Get(web.Https(device, "/index.html")));
            using var plain = await http.SendAsync(Get(web.Http(device, "/index.html")));
            Assert.Equal(HttpStatusCode.OK, secure.StatusCode);
            Assert.Equal(await plain.Content.ReadAsStringAsync(), await secure.Content.ReadAsStringAsync());
        }

        Assert.Equal(2, seen.Count);
        foreach (var ((certificate, errors), device) in seen.Zip([1, 4]))
        {
            string address = web.Address(device).ToString();
            Assert.Equal(address, certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false));
            Assert.Contains("O=kdfm-sim", certificate.Subject, StringComparison.Ordinal);
            Assert.Equal(certificate.Subject, certificate.Issuer);
            Assert.True(certificate.MatchesHostname(address));
            Assert.False(certificate.MatchesHostname(web.Address(device == 1 ? 4 : 1).ToString()));
            Assert.True(errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors)); // self-signed: no trusted root
            Assert.False(errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch));
        }

        string serial = (await SnmpGetAsync(4, SerialNumber))[0];
        using var login = await https.SendAsync(Login(web.Https(4, "/login"), "admin", serial));
        Assert.Equal(HttpStatusCode.SeeOther, login.StatusCode);
        Assert.True(SetCookieHeaderValue.Parse(Assert.Single(login.Headers.GetValues("Set-Cookie"))).Secure);
    }

    [Fact]
    public async Task The_download_streams_n_mebibytes_of_splitmix64_bytes_with_their_length()
    {
        using var http = Plain();
        using var response = await http.SendAsync(Get(web.Http(0, "/download?mb=3")), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", MediaType(response));
        Assert.Equal(3L * 1024 * 1024, response.Content.Headers.ContentLength);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(3 * 1024 * 1024, body.Length);
        // SplitMix64's first output from seed 0 (Vigna's splitmix64.c), little-endian.
        Assert.Equal(0xE220A8397B1DCDAFUL, BinaryPrimitives.ReadUInt64LittleEndian(body));
        var block = body.AsSpan(0, DownloadBytes.BlockBytes);
        for (int at = DownloadBytes.BlockBytes; at < body.Length; at += DownloadBytes.BlockBytes)
        {
            Assert.True(block.SequenceEqual(body.AsSpan(at, DownloadBytes.BlockBytes)), $"block at {at}");
        }

        Assert.Equal(DownloadBytes.BlockBytes / 8, Enumerable.Range(0, DownloadBytes.BlockBytes / 8).Select(i => BinaryPrimitives.ReadUInt64LittleEndian(body.AsSpan(i * 8))).Distinct().Count());

        foreach (string bad in new[] { "", "?mb=0", "?mb=1025", "?mb=-1", "?mb=lots" })
        {
            using var refused = await http.SendAsync(Get(web.Http(0, "/download" + bad)));
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }
    }

    [Fact]
    public async Task A_port_in_use_on_one_address_fails_the_start_naming_it_and_binds_nothing()
    {
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], count: 5);
        int port = FreePort.Tcp();
        using var taken = new TcpListener(fleet[3].Address, port);
        taken.Start();

        var failure = await Assert.ThrowsAsync<FleetConfigurationException>(() => fleet.StartWebAsync(http: FreePort.Tcp(), https: port));
        Assert.Equal("--https", failure.Option);
        Assert.Equal($"--https: cannot listen on {fleet[3].Address}:{port}: {SocketError.AddressAlreadyInUse}", failure.Message);

        foreach (int device in new[] { 0, 1, 2, 4 })
        {
            using var free = new TcpListener(fleet[device].Address, port); // what the failed start bound, it released
            free.Start();
        }
    }

    [Fact]
    public async Task A_silent_device_has_no_site()
    {
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], 20, null, "public", o => o with { SilentFraction = 0.3 });
        int port = FreePort.Tcp();
        await fleet.StartWebAsync(port, null);
        int silent = fleet.Devices.ToList().FindIndex(d => d.Behaviour == DeviceBehaviour.Silent);
        int normal = fleet.Devices.ToList().FindIndex(d => d.Behaviour == DeviceBehaviour.Normal);
        Assert.True(silent >= 0 && normal >= 0);
        Assert.Equal(fleet.Devices.Count(d => d.Behaviour != DeviceBehaviour.Silent), fleet.Web!.Sites);

        using var http = Plain();
        using var answered = await http.SendAsync(Get(new Uri($"http://{fleet[normal].Address}:{port}/index.html")));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.SendAsync(Get(new Uri($"http://{fleet[silent].Address}:{port}/index.html"))));
        Assert.Equal(SocketError.ConnectionRefused, Assert.IsType<SocketException>(refused.InnerException).SocketErrorCode);
    }
}
