using Kdfm.Hub.Access;

namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// A role as the Roles page shows it: built-in (no tenant, read-only) or a tenant's own; <see cref="Editable"/> when it
/// belongs to a tenant of the actor's subtree; who holds it.
/// </summary>
public sealed record RoleRow(int Id, string Name, int? TenantId, string? TenantName, Permission Permissions, bool BuiltIn, bool Editable, IReadOnlyList<string> UsedBy);
