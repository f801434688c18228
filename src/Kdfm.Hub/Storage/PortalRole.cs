using Kdfm.Hub.Access;

namespace Kdfm.Hub.Storage;

/// <summary>A named set of permissions. Built-in roles belong to no tenant; a tenant's own roles to it (and its subtree).</summary>
public sealed class PortalRole
{
    public int Id { get; set; }

    /// <summary>Null for a built-in role (dealer admin, customer admin, technician, viewer).</summary>
    public int? TenantId { get; set; }

    public required string Name { get; set; }

    public Permission Permissions { get; set; }

    public bool BuiltIn { get; set; }
}
