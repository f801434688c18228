using Kdfm.Hub.Access;

namespace Kdfm.Hub.Portal;

/// <summary>The permissions as people read them (the words), in a fixed order for checkboxes and lists.</summary>
public static class PermissionNames
{
    /// <summary>Every single permission (no None, no All), lowest bit first.</summary>
    public static IReadOnlyList<Permission> Each { get; } = [.. Enum.GetValues<Permission>().Where(p => p is not (Permission.None or Permission.All))];

    public static string Of(Permission permission) => permission switch
    {
        Permission.ViewFleet => "view fleet",
        Permission.ViewMetersAndExport => "view meters and export",
        Permission.ManageAgents => "manage agents",
        Permission.DeviceWebAccess => "device web access",
        Permission.ManageUsers => "manage users",
        Permission.ManageRoles => "manage roles",
        Permission.ManageTenants => "manage tenants",
        Permission.ViewAuditLog => "view audit log",
        _ => permission.ToString(),
    };

    /// <summary>"view fleet, manage users", or "none".</summary>
    public static string List(Permission set)
    {
        var names = Each.Where(p => (set & p) == p).Select(Of).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
