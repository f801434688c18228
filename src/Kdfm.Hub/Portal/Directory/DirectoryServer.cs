namespace Kdfm.Hub.Portal.Directory;

/// <summary>A tenant's directory: where it is (ldap:// or ldaps://), how a name becomes a bind name, where groups are searched.</summary>
public sealed record DirectoryServer(Uri Url, string BindTemplate, string GroupBase)
{
    public static DirectoryServer? Of(Storage.Tenant tenant) =>
        !string.IsNullOrWhiteSpace(tenant.LdapUrl) && Uri.TryCreate(tenant.LdapUrl, UriKind.Absolute, out var url) && url.Scheme is "ldap" or "ldaps"
        && !string.IsNullOrWhiteSpace(tenant.LdapBindTemplate) && !string.IsNullOrWhiteSpace(tenant.LdapGroupBase)
            ? new DirectoryServer(url, tenant.LdapBindTemplate, tenant.LdapGroupBase)
            : null;
}
