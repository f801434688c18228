namespace Kdfm.Hub.Portal.Accounts;

/// <summary>An LDAP group of a tenant and the role its members get (the lowest rank wins when a user is in several).</summary>
public sealed record LdapGroupRow(int Id, string GroupDn, int RoleId, string RoleName, int Rank);
