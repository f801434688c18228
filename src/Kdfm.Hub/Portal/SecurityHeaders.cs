namespace Kdfm.Hub.Portal;

/// <summary>
/// The headers every answer of the hub carries: a content security policy without inline script or style and without
/// framing (frame-ancestors 'none'), HSTS (the hub only speaks TLS), no MIME sniffing, no referrer, no powerful features;
/// and no caching of anything but the static files (a page or an API answer holds a tenant's data: a shared computer's
/// browser cache, or a proxy, must not keep it).
/// </summary>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The portal's static files (wwwroot: css, js, lib), which may be cached: their links carry a version.</summary>
    public static bool IsStaticFile(PathString path) =>
        path.StartsWithSegments("/css", StringComparison.Ordinal) || path.StartsWithSegments("/js", StringComparison.Ordinal) || path.StartsWithSegments("/lib", StringComparison.Ordinal);

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.StrictTransportSecurity = "max-age=31536000";
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), usb=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!IsStaticFile(context.Request.Path))
            {
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        });
        await next(context).ConfigureAwait(false);
    });
}
