using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Access;

public static class RolePermissions
{
    /// <summary>The permissions of the role <paramref name="roleId"/> (none for a role that is not there).</summary>
    public static Task<Permission> RolePermissionsAsync(this HubDb db, int roleId, CancellationToken cancellationToken) =>
        db.Roles.AsNoTracking().Where(r => r.Id == roleId).Select(r => r.Permissions).FirstOrDefaultAsync(cancellationToken);
}
