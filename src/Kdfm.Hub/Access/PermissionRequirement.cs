using Microsoft.AspNetCore.Authorization;

namespace Kdfm.Hub.Access;

/// <summary>An authorization requirement: the actor holds <paramref name="Permission"/>. Policy names: <see cref="PolicyName"/>.</summary>
public sealed record PermissionRequirement(Permission Permission) : IAuthorizationRequirement
{
    /// <summary>Any signed-in actor (a page every user may open).</summary>
    public const string SignedIn = "signed-in";

    /// <summary>What every permission's policy name starts with: <c>[Authorize(Policy = Prefix + nameof(Permission.X))]</c> where a constant is needed.</summary>
    public const string Prefix = "permission:";

    public static string PolicyName(Permission permission) => Prefix + permission;
}
