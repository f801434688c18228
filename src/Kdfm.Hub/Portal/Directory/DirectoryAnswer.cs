using System.Collections.Immutable;

namespace Kdfm.Hub.Portal.Directory;

/// <summary>What a directory said of a name and password.</summary>
public enum DirectoryVerdict
{
    /// <summary>The bind succeeded; the user's DN and groups are known.</summary>
    Accepted,

    /// <summary>Invalid credentials (LDAP result 49): a wrong password, or no such user.</summary>
    WrongPassword,

    /// <summary>The server could not be reached or answered with an error.</summary>
    Unavailable,

    /// <summary>The directory accepted the user, but none of their groups maps to a role of the tenant (the hub's decision).</summary>
    NoRole,
}

/// <summary>The directory's answer: the verdict, and for an accepted user their DN and the DNs of their groups.</summary>
public sealed record DirectoryAnswer(DirectoryVerdict Verdict, string? UserDn, ImmutableArray<string> Groups, string? Problem = null)
{
    public static DirectoryAnswer Wrong { get; } = new(DirectoryVerdict.WrongPassword, null, []);

    public static DirectoryAnswer Unavailable(string problem) => new(DirectoryVerdict.Unavailable, null, [], problem);
}
