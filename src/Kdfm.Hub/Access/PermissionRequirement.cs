using Microsoft.AspNetCore.Authorization;

namespace Kdfm.Hub.Access;

/// <summary>An authorization requirement: the actor holds <paramref name="Permission"/>. Policy names: <see cref="PolicyName"/>.</summary>
public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement
{
    /// <summary>Any signed-in actor (a page every user may open).</summary>
    public const string SignedIn = "signed-in";

    public const string PolicyPrefix = "permission:";

    public static string PolicyName(Permission permission) => PolicyPrefix + permission;
}
