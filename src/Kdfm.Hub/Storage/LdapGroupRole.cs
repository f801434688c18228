namespace Kdfm.Hub.Storage;

/// <summary>An Active Directory group of a tenant and the role its members get (the first group found, by <see cref="Rank"/>).</summary>
public sealed class LdapGroupRole
{
    public int Id { get; set; }

    public int TenantId { get; set; }

    /// <summary>The group's distinguished name, compared case-insensitively.</summary>
    public required string GroupDn { get; set; }

    public int RoleId { get; set; }

    /// <summary>When a user is in several mapped groups, the lowest rank wins.</summary>
    public int Rank { get; set; }
}
