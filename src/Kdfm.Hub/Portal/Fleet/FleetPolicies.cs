using Kdfm.Hub.Access;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>The policy names of <see cref="PermissionRequirement.PolicyName"/> as constants, for the pages' [Authorize] attributes.</summary>
public static class FleetPolicies
{
    public const string ViewFleet = "permission:" + nameof(Permission.ViewFleet);
    public const string ViewMetersAndExport = "permission:" + nameof(Permission.ViewMetersAndExport);
    public const string ManageAgents = "permission:" + nameof(Permission.ManageAgents);
}
