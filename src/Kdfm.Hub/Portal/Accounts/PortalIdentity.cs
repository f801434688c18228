namespace Kdfm.Hub.Portal.Accounts;

/// <summary>The portal's durations.</summary>
public static class PortalIdentity
{
    /// <summary>How long a one-time link (a new user's, a password reset) stays good.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(3);

    /// <summary>A session ends after this long without a request (sliding).</summary>
    public static readonly TimeSpan SessionIdle = TimeSpan.FromMinutes(60);
}
