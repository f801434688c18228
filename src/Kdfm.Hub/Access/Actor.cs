namespace Kdfm.Hub.Access;

/// <summary>
/// Who acts in a request, resolved once: a user (signed in to the portal, or through one of their API tokens) with their
/// role's permissions and their tenant's subtree, or the bootstrap admin token (every tenant, every permission, only
/// until the first dealer admin exists).
/// </summary>
public sealed record Actor(string Name, string? UserId, int? TenantId, string TenantName, Permission Permissions, IReadOnlySet<int>? Tenants, string Kind)
{
    public const string UserKind = "user";
    public const string TokenKind = "token";
    public const string BootstrapKind = "bootstrap";
    public const string OperatorKind = "operator";

    /// <summary>The bootstrap admin token: everything, everywhere (there are no users to scope it to yet).</summary>
    public static Actor Bootstrap { get; } = new("admin token", null, null, "all tenants", Permission.All, null, BootstrapKind);

    /// <summary>The operator at the hub's command line (kdfm-hub tenants/users/tokens): the machine's administrator.</summary>
    public static Actor Operator { get; } = new("kdfm-hub", null, null, "all tenants", Permission.All, null, OperatorKind);

    /// <summary>The visible tenants as an array a query can use (<c>ids.Contains(x.TenantId)</c>); null = every tenant.</summary>
    public int[]? TenantIds { get; } = Tenants?.ToArray();

    public bool Can(Permission permission) => (Permissions & permission) == permission;

    /// <summary>True when <paramref name="tenantId"/> is in this actor's subtree (the bootstrap token sees every tenant).</summary>
    public bool Sees(int tenantId) => Tenants is null || Tenants.Contains(tenantId);
}
