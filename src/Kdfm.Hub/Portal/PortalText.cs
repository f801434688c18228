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
            : (int)span.TotalDays == 1 ? "1 day ago"
            : $"{(int)span.TotalDays} days ago";
    }

    /// <summary>"1 alert", "3 alerts": a count with its noun, singular or plural.</summary>
    public static string Count(long n, string one, string many) => $"{n:N0} {(n == 1 ? one : many)}";

    /// <summary>
    /// A supply's level and capacity as a person reads them: the Printer MIB's special values in words (level -3: "some
    /// left", -2: unknown, -1: other; capacity -2/-1: not known), never as negative numbers.
    /// </summary>
    public static string SupplyAmount(long? level, long? capacity)
    {
        string amount = level switch
        {
            null or -2 => "unknown",
            -3 => "some left",
            < 0 => "not given",
            _ => level.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        };
        return level >= 0 && capacity > 0 ? $"{amount} / {capacity.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)}" : amount;
    }
}
