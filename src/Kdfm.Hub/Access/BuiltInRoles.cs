using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Access;

/// <summary>The roles every hub has (ids fixed: they are seeded by the migrations); tenants add their own beside them.</summary>
public static class BuiltInRoles
{
    public const int DealerAdminId = 1;
    public const int CustomerAdminId = 2;
    public const int TechnicianId = 3;
    public const int ViewerId = 4;

    public static IReadOnlyList<PortalRole> All { get; } =
    [
        new() { Id = DealerAdminId, Name = "dealer admin", Permissions = Permission.All, BuiltIn = true },
        new() { Id = CustomerAdminId, Name = "customer admin", Permissions = Permission.All, BuiltIn = true },
        new()
        {
            Id = TechnicianId, Name = "technician", BuiltIn = true,
            Permissions = Permission.ViewFleet | Permission.ViewMetersAndExport | Permission.ManageAgents | Permission.DeviceWebAccess,
        },
        new() { Id = ViewerId, Name = "viewer", Permissions = Permission.ViewFleet | Permission.ViewMetersAndExport, BuiltIn = true },
    ];
}
