using Kdfm.Hub.Access;

namespace Kdfm.Hub.Portal;

/// <summary>Small texts the pages share.</summary>
public static class PortalText
{
    /// <summary>The actor's scope as shown in the top bar.</summary>
    public static string TenantLabel(Actor actor) => actor.Kind == Actor.BootstrapKind ? "all tenants (admin token)" : actor.TenantName;

    public static string When(DateTimeOffset? at) => at is null ? "never" : at.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>How long ago, roughly ("3 min ago", "2 h ago", "5 days ago").</summary>
    public static string Ago(DateTimeOffset? at, DateTimeOffset now)
    {
        if (at is null)
        {
            return "never";
        }

        var span = now - at.Value;
        return span.TotalMinutes < 1 ? "just now"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min ago"
            : span.TotalDays < 1 ? $"{(int)span.TotalHours} h ago"
            : $"{(int)span.TotalDays} days ago";
    }
}
