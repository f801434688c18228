namespace Kdfm.Hub.Portal.Accounts;

/// <summary>A tenant in the tree as the Tenants page shows it: its depth below the actor's own tenant, and its sign-in settings in short.</summary>
public sealed record TenantRow(int Id, string Name, string Kind, int Depth, string? ParentName, int Users, bool RequireTwoFactor, int IdleDays, int? LockoutMinutes,
    bool Ldap, bool Oidc);
