namespace Kdfm.Hub.Access;

/// <summary>
/// What a role allows, one bit a permission (a role is a set of them). Stored as a number: the values never change, new
/// permissions take new bits.
/// </summary>
[Flags]
public enum Permission
{
    None = 0,

    /// <summary>Devices, their status, supplies and alerts; agents' status.</summary>
    ViewFleet = 1 << 0,

    /// <summary>Page counters, readings, and the CSV exports (devices, readings, meters for billing).</summary>
    ViewMetersAndExport = 1 << 1,

    /// <summary>Enrolment codes, tasks (poll now, rescan, set-config), revoking an agent.</summary>
    ManageAgents = 1 << 2,

    /// <summary>Opening a printer's own web page through its collector (Device Web Access).</summary>
    DeviceWebAccess = 1 << 3,

    /// <summary>Adding, disabling and enabling users, resetting their second factor, their API tokens.</summary>
    ManageUsers = 1 << 4,

    /// <summary>Creating and editing roles.</summary>
    ManageRoles = 1 << 5,

    /// <summary>Creating and editing tenants below one's own, and their sign-in settings.</summary>
    ManageTenants = 1 << 6,

    /// <summary>Reading the audit log.</summary>
    ViewAuditLog = 1 << 7,

    All = ViewFleet | ViewMetersAndExport | ManageAgents | DeviceWebAccess | ManageUsers | ManageRoles | ManageTenants | ViewAuditLog,
}
