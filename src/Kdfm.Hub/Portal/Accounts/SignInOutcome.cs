namespace Kdfm.Hub.Portal.Accounts;

/// <summary>How a sign-in with a password ended.</summary>
public enum SignInOutcome
{
    /// <summary>Signed in.</summary>
    SignedIn,

    /// <summary>The password was right; the second factor is asked next.</summary>
    SecondFactor,

    /// <summary>Wrong e-mail or password (the same answer for both).</summary>
    Refused,

    /// <summary>This failure was the fifth in a row: the account is disabled (or locked for the tenant's minutes).</summary>
    LockedOut,

    /// <summary>The account is disabled (by an administrator, after 5 failures, or idle), or locked for a while yet.</summary>
    Disabled,

    /// <summary>A directory user with the right password, none of whose groups has a role in the portal.</summary>
    NoRole,

    /// <summary>The tenant's directory could not be reached (or answered with an error): nothing could be checked.</summary>
    DirectoryUnavailable,
}
