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
/// by that user's API token as a Bearer header (for <c>curl -L</c>). The portal's cookies and the session's own never
/// reach the printer, and the printer may not set cookies of those names. Each request goes into the session's access
/// log. The printer's certificate (an HTTPS port) is accepted for this session only: the tunnel carries TCP.
/// </summary>
internal sealed class SessionGate : IDisposable
{
    /// <summary>Cookie names that are the hub's: never forwarded to a printer, never set by one.</summary>
    private static readonly string[] HubCookiePrefixes = ["kdfm.", "kdfm-dwa-", ".AspNetCore.", "__Host-kdfm", "Identity."];

    private readonly string _sessionId;
    private readonly string _cookieName;
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
        var (allowed, status, message, bearerUsed) = await AuthoriseAsync(context).ConfigureAwait(false);
        if (!allowed)
        {
            if (status != StatusCodes.Status303SeeOther)
            {
                await Page(context, status, message).ConfigureAwait(false);
            }

            Log(context, started, 0);
            return;
        }

        if (bearerUsed)
        {
            context.Request.Headers.Authorization = default;
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
                context.Response.Headers["Refresh"] = "3";
            }

            await Page(context, StatusCodes.Status502BadGateway, up
                ? $"The printer did not answer through the tunnel ({error}). Is its web server on port {_devicePort}?"
                : "Waiting for the collector to open the tunnel… this page reloads by itself.").ConfigureAwait(false);
        }

        Log(context, started, counting.Written);
    }

    /// <summary>Whether the request may pass, else its answer (a 303 when a ticket became the cookie: answered already).</summary>
    private async Task<(bool Allowed, int Status, string Message, bool BearerUsed)> AuthoriseAsync(HttpContext context)
    {
        await using var scope = _scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();
        var now = clock.GetUtcNow();
        var session = await db.WebSessions.FirstOrDefaultAsync(w => w.Id == _sessionId, context.RequestAborted).ConfigureAwait(false);
        if (session is null || session.ClosedAt is not null || session.ExpiresAt <= now)
        {
            string why = session?.EndReason ?? WebSessions.Expired;
            return (false, StatusCodes.Status410Gone, $"This Device Web Access session has ended ({why}). Open a new one from the device's page in the portal.", false);
        }

        var user = await db.Users.AsNoTracking().Where(u => u.Id == session.UserId).Select(u => new { u.DisabledAt, u.RoleId }).FirstOrDefaultAsync(context.RequestAborted).ConfigureAwait(false);
        if (user is null || user.DisabledAt is not null || !(await db.RolePermissionsAsync(user.RoleId, context.RequestAborted).ConfigureAwait(false)).HasFlag(Permission.DeviceWebAccess))
        {
            return (false, StatusCodes.Status403Forbidden, "The session's user may no longer open device pages.", false);
        }

        string? ticket = context.Request.Query["ticket"];
        if (ticket is not null)
        {
            if (session.TicketHash is null || session.TicketExpiresAt <= now || !Secrets.Matches(ticket, session.TicketHash))
            {
                return (false, StatusCodes.Status403Forbidden, "This link has been used or has expired. Open the printer's page again from the portal.", false);
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
            context.Response.Headers.Location = context.Request.Path.HasValue ? context.Request.Path.Value : "/";
            return (false, StatusCodes.Status303SeeOther, string.Empty, false);
        }

        if (context.Request.Cookies[_cookieName] is { } presented && session.CookieHash is not null && Secrets.Matches(presented, session.CookieHash))
        {
            return (true, 200, string.Empty, false);
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.Ordinal))
        {
            string hash = Secrets.Hash(authorization["Bearer ".Length..].Trim());
            bool valid = await db.ApiTokens.AnyAsync(t => t.Hash == hash && t.UserId == session.UserId && t.RevokedAt == null && t.ExpiresAt > now, context.RequestAborted)
                .ConfigureAwait(false);
            if (valid)
            {
                return (true, 200, string.Empty, true);
            }
        }

        return (false, StatusCodes.Status401Unauthorized, "This page belongs to a Device Web Access session of another user, or its link was not used. Open it from the portal.", false);
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

    private static bool IsHubCookie(string name) => HubCookiePrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase));

    /// <summary>YARP's transforms, then: the browser's Host kept (a printer's absolute links point back to this origin), the hub's cookies removed, the printer's Location pointing at itself made relative.</summary>
    private sealed class Transformer(SessionGate gate) : HttpTransformer
    {
        public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
        {
            await Default.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken).ConfigureAwait(false);
            proxyRequest.Headers.Host = httpContext.Request.Host.Value;
            proxyRequest.Headers.Remove(HeaderNames.Cookie);
            var kept = httpContext.Request.Cookies.Where(c => !IsHubCookie(c.Key)).Select(c => $"{c.Key}={c.Value}").ToList();
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
                var kept = cookies.Where(c => c is not null && !IsHubCookie(c.Split('=', 2)[0].Trim())).ToArray();
                headers[HeaderNames.SetCookie] = kept;
            }

            if (headers.Location.ToString() is { Length: > 0 } location && Uri.TryCreate(location, UriKind.Absolute, out var target)
                && (target.Host == gate._deviceAddress || target.Host == "127.0.0.1") && (target.Scheme == "http" || target.Scheme == "https"))
            {
                headers.Location = target.PathAndQuery + target.Fragment;
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
