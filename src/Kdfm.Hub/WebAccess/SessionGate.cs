using System.Diagnostics;
using System.Net;
using System.Text.Encodings.Web;
using Kdfm.Hub.Access;
using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Kdfm.Hub.WebAccess;

/// <summary>
/// What stands before a session's origin. Every request is authorised: the session is open and not past its time, and
/// the caller is its user — by the session's cookie (which the one-time <c>?ticket=</c> of the session's URL becomes), or
/// by that user's API token as a Bearer header (for <c>curl -L</c>). Each request of its user goes into the session's
/// access log. The printer's certificate (an HTTPS port) is accepted for this session only: the tunnel carries TCP.
/// <para>
/// An origin that differs from the portal's only by its port is the same <em>site</em> for a browser: cookies ignore the
/// port, and other sessions' printers and the portal are same-site to it. So: the printer's cookies are renamed with
/// this session's prefix (no printer can set a cookie of the portal's or another session's, and only this session's
/// printer cookies go to this printer); the hub's cookies and any Bearer token never reach the printer; a request that
/// another origin's page makes (a cross-origin form or fetch, a subresource from another port) is refused; the printer
/// cannot clear the site's data, pin HSTS, register a service worker or leave anything in the browser's cache. The
/// complete isolation is a host name per session (a registrable domain of its own), which needs DNS and a wildcard
/// certificate: Hub:DeviceWebAccess:PublicHost says where.
/// </para>
/// </summary>
internal sealed class SessionGate : IDisposable
{
    private readonly string _sessionId;
    private readonly string _cookieName;
    private readonly string _printerCookiePrefix;
    private readonly string _deviceAddress;
    private readonly int _devicePort;
    private readonly Uri _destination;
    private readonly IServiceScopeFactory _scopes;
    private readonly IHttpForwarder _forwarder;
    private readonly AccessLogWriter _accessLog;
    private readonly ILogger _logger;
    private readonly HttpMessageInvoker _client;
    private readonly Transformer _transformer;

    public SessionGate(string sessionId, int forwardPort, int devicePort, string deviceAddress, bool https, IServiceScopeFactory scopes, IHttpForwarder forwarder,
        AccessLogWriter accessLog, ILogger logger)
    {
        _sessionId = sessionId;
        _cookieName = "kdfm-dwa-" + sessionId;
        _printerCookiePrefix = "kdfm-p-" + sessionId[^8..] + "-";
        _deviceAddress = deviceAddress;
        _devicePort = devicePort;
        _destination = new Uri($"{(https ? "https" : "http")}://127.0.0.1:{forwardPort}/");
        _scopes = scopes;
        _forwarder = forwarder;
        _accessLog = accessLog;
        _logger = logger;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false, AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None, UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(15), ActivityHeadersPropagator = null,
            // A printer's self-signed certificate, accepted for this session's tunnel only (never for anything else the hub calls).
            SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        });
        _transformer = new Transformer(this);
    }

    public void Dispose() => _client.Dispose();

    public async Task HandleAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        if (CrossOriginRefusal(context) is { } refusal)
        {
            // Another origin's page (another session's printer, anything same-site) may not act in this session.
            await Page(context, StatusCodes.Status403Forbidden, refusal).ConfigureAwait(false);
            return;
        }

        bool presented = context.Request.Query.ContainsKey("ticket") || context.Request.Cookies.ContainsKey(_cookieName)
            || context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal);
        if (!presented)
        {
            // Nothing to check: no look-up, and no row in the session's log (a stranger cannot flood it).
            await Page(context, StatusCodes.Status401Unauthorized, NotYours).ConfigureAwait(false);
            return;
        }

        var (allowed, status, message) = await AuthoriseAsync(context).ConfigureAwait(false);
        if (!allowed)
        {
            if (status != StatusCodes.Status303SeeOther)
            {
                await Page(context, status, message).ConfigureAwait(false);
            }

            if (status is StatusCodes.Status303SeeOther)
            {
                Log(context, started, 0);
            }

            return;
        }

        if (context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal))
        {
            context.Request.Headers.Authorization = default; // a hub token never reaches a printer
        }

        var counting = new CountingStream(context.Response.Body);
        context.Response.Body = counting;
        var error = await _forwarder.SendAsync(context, _destination.ToString(), _client, ForwarderRequestConfig.Empty, _transformer).ConfigureAwait(false);
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            bool up = await TunnelUpAsync().ConfigureAwait(false);
            context.Response.Headers.Remove(HeaderNames.SetCookie);
            if (!up)
            {
                context.Response.Headers["Refresh"] = "1";
            }

            await Page(context, StatusCodes.Status502BadGateway, up
                ? $"The printer did not answer through the tunnel ({error}). Is its web server on port {_devicePort}?"
                : "Waiting for the collector to open the tunnel… this page reloads by itself.").ConfigureAwait(false);
        }

        Log(context, started, counting.Written);
    }

    private const string NotYours = "This page belongs to a Device Web Access session of another user, or its link was not used. Open it from the portal.";

    /// <summary>
    /// Why a request made by another origin's page is refused, or null: an unsafe method whose Origin is not this one, or
    /// (browsers say it in Sec-Fetch-Site) anything but a navigation coming from another origin of the site; and a service
    /// worker's script.
    /// </summary>
    private static string? CrossOriginRefusal(HttpContext context)
    {
        var request = context.Request;
        string self = $"{request.Scheme}://{request.Host}";
        bool safe = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method);
        if (!safe && request.Headers.Origin.ToString() is { Length: > 0 } origin && !string.Equals(origin, self, StringComparison.OrdinalIgnoreCase))
        {
            return "A page of another address tried to send this request to the printer: refused.";
        }

        string site = request.Headers["Sec-Fetch-Site"].ToString();
        string mode = request.Headers["Sec-Fetch-Mode"].ToString();
        if (site is "same-site" or "cross-site" && mode != "navigate")
        {
            return "A page of another address tried to load this from the printer: refused.";
        }

        return request.Headers.ContainsKey("Service-Worker") ? "Printers' pages may not install service workers through Device Web Access." : null;
    }

    /// <summary>Whether the request may pass, else its answer (a 303 when a ticket became the cookie: answered already).</summary>
    private async Task<(bool Allowed, int Status, string Message)> AuthoriseAsync(HttpContext context)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var session = await db.WebSessions.FirstOrDefaultAsync(w => w.Id == _sessionId, context.RequestAborted).ConfigureAwait(false);
        if (session is null || session.ClosedAt is not null || session.ExpiresAt <= now)
        {
            return (false, StatusCodes.Status410Gone, "This Device Web Access session has ended. Open a new one from the device's page in the portal.");
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => new { u.DisabledAt, u.RoleId }).FirstOrDefaultAsync(context.RequestAborted).ConfigureAwait(false);
        if (user is null || user.DisabledAt is not null || !(await db.RolePermissionsAsync(user.RoleId, context.RequestAborted).ConfigureAwait(false)).HasFlag(Permission.DeviceWebAccess))
        {
            return (false, StatusCodes.Status403Forbidden, NotYours);
        }

        string? ticket = context.Request.Query["ticket"];
        if (ticket is not null)
        {
            if (session.TicketHash is null || session.TicketExpiresAt <= now || !Secrets.Matches(ticket, session.TicketHash))
            {
                return (false, StatusCodes.Status403Forbidden, "This link has been used or has expired. Open the printer's page again from the portal.");
            }

            string cookie = Secrets.NewToken();
            session.TicketHash = null;
            session.TicketExpiresAt = null;
            session.CookieHash = Secrets.Hash(cookie);
            await db.SaveChangesAsync(context.RequestAborted).ConfigureAwait(false);
            context.Response.Cookies.Append(_cookieName, cookie, new CookieOptions
            {
                Path = "/", Secure = true, HttpOnly = true, SameSite = Microsoft.AspNetCore.Http.SameSiteMode.Lax, Expires = session.ExpiresAt,
            });
            context.Response.StatusCode = StatusCodes.Status303SeeOther;
            context.Response.Headers.Location = LocalPath(context.Request.Path.Value);
            // What an earlier session on this port may have left in the browser (cache, storage, a service worker) goes.
            context.Response.Headers["Clear-Site-Data"] = "\"cache\", \"storage\"";
            return (false, StatusCodes.Status303SeeOther, string.Empty);
        }

        if (context.Request.Cookies[_cookieName] is { } presented && session.CookieHash is not null && Secrets.Matches(presented, session.CookieHash))
        {
            return (true, 200, string.Empty);
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            string hash = Secrets.Hash(authorization["Bearer ".Length..].Trim());
            bool valid = await db.ApiTokens.AnyAsync(t => t.Hash == hash && t.UserId == session.UserId && t.RevokedAt == null && t.ExpiresAt > now, context.RequestAborted)
                .ConfigureAwait(false);
            if (valid)
            {
                return (true, 200, string.Empty);
            }
        }

        return (false, StatusCodes.Status401Unauthorized, NotYours);
    }

    private async Task<bool> TunnelUpAsync()
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        return await db.WebSessions.AnyAsync(w => w.Id == _sessionId && w.TunnelUpAt != null).ConfigureAwait(false);
    }

    private void Log(HttpContext context, long started, long bytes)
    {
        string path = (context.Request.Path + context.Request.QueryString).ToString();
        if (context.Request.Query.ContainsKey("ticket"))
        {
            path = context.Request.Path + "?ticket=…"; // the ticket is a credential while it lives
        }

        _accessLog.Add(new WebSessionRequest
        {
            SessionId = _sessionId, At = DateTimeOffset.UtcNow, Method = context.Request.Method, Path = UntrustedText.Clean(path, 1024),
            Status = context.Response.StatusCode, Bytes = bytes, Milliseconds = (int)Math.Min(int.MaxValue, Stopwatch.GetElapsedTime(started).TotalMilliseconds),
        });
    }

    private static async Task Page(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'";
        string text = HtmlEncoder.Default.Encode(message);
        await context.Response.WriteAsync($$"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>Kdfm Device Web Access</title>
            <style>body{font:16px system-ui,sans-serif;margin:3rem auto;max-width:40rem;color:#1f2937}h1{font-size:1.2rem}</style></head>
            <body><h1>Kdfm Device Web Access</h1><p>{{text}}</p></body></html>
            """).ConfigureAwait(false);
    }

    /// <summary>A path of this origin: "//host/…" (which a browser reads as another host) becomes "/host/…".</summary>
    private static string LocalPath(string? path) => "/" + (path ?? string.Empty).TrimStart('/', '\\');

    /// <summary>Response headers of a printer that would reach beyond its own pages (the whole site, the browser's state).</summary>
    private static readonly string[] DroppedResponseHeaders = ["Clear-Site-Data", "Strict-Transport-Security", "Service-Worker-Allowed", "Alt-Svc"];

    /// <summary>
    /// A printer's Set-Cookie with its name prefixed by this session's and no Domain attribute (the cookie stays on this
    /// host, under a name no other session and not the portal uses); null for one without a name.
    /// </summary>
    private string? Renamed(string setCookie)
    {
        int equals = setCookie.IndexOf('=', StringComparison.Ordinal);
        string name = equals < 0 ? string.Empty : setCookie[..equals].Trim();
        if (name.Length == 0 || name.Contains(';', StringComparison.Ordinal))
        {
            return null;
        }

        var attributes = setCookie[(equals + 1)..].Split(';').Where((part, index) => index == 0 || !part.TrimStart().StartsWith("domain", StringComparison.OrdinalIgnoreCase));
        return _printerCookiePrefix + name + "=" + string.Join(";", attributes);
    }

    /// <summary>YARP's transforms, then: the browser's Host kept (a printer's absolute links point back to this origin), the hub's cookies removed, the printer's Location pointing at itself made relative.</summary>
    private sealed class Transformer(SessionGate gate) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await Default.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            proxyRequest.Headers.Remove(HeaderNames.Cookie);
            // Only this session's printer cookies, by their own names; the hub's, and other sessions' printers', stay here.
            var kept = httpContext.Request.Cookies.Where(c => c.Key.StartsWith(gate._printerCookiePrefix, StringComparison.Ordinal))
                .Select(c => $"{c.Key[gate._printerCookiePrefix.Length..]}={c.Value}").ToList();
            if (kept.Count > 0)
            {
                proxyRequest.Headers.TryAddWithoutValidation(HeaderNames.Cookie, string.Join("; ", kept));
            }

            // The request's path and query go as they came; the ticket never reaches the printer.
            proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, httpContext.Request.Path, httpContext.Request.QueryString);
        }

        public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
        {
            bool go = await Default.TransformResponseAsync(httpContext, proxyResponse, cancellationToken).ConfigureAwait(false);
            var headers = httpContext.Response.Headers;
            if (headers.TryGetValue(HeaderNames.SetCookie, out var cookies))
            {
                headers[HeaderNames.SetCookie] = cookies.Where(c => c is not null).Select(c => gate.Renamed(c!)).Where(c => c is not null).ToArray();
            }

            foreach (string dropped in DroppedResponseHeaders)
            {
                headers.Remove(dropped);
            }

            // Nothing of one session's printer stays in the browser's cache for the next session on this port.
            headers.CacheControl = "no-store";
            if (headers.Location.ToString() is { Length: > 0 } location && Uri.TryCreate(location, UriKind.Absolute, out var target)
                && (target.Host == gate._deviceAddress || target.Host == "127.0.0.1") && (target.Scheme == "http" || target.Scheme == "https"))
            {
                headers.Location = LocalPath(target.AbsolutePath) + target.Query + target.Fragment;
            }

            return go;
        }
    }

    /// <summary>Counts the bytes of the response body on their way to the browser.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long Written { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count)
        {
            inner.Write(buffer, offset, count);
            Written += count;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
            Written += buffer.Length;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }
}
