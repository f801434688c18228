namespace Kdfm.Hub.Storage;

/// <summary>
/// A node of the tenant tree: a dealer (the MSP) over its customers, a customer over its sites. A user belongs to one
/// tenant and sees its subtree; an agent belongs to a customer or a site, and its devices to the agent's tenant.
/// </summary>
public sealed class Tenant
{
    public int Id { get; set; }

    public required string Name { get; set; }

    /// <summary><see cref="TenantKinds"/>: dealer, customer or site.</summary>
    public string Kind { get; set; } = TenantKinds.Customer;

    /// <summary>The tenant above this one; null for a root (a dealer).</summary>
    public int? ParentId { get; set; }

    /// <summary>Every user of this tenant (and of its subtree) must sign in with a second factor.</summary>
    public bool RequireTwoFactor { get; set; }

    /// <summary>Device ports that Device Web Access may open for this tenant's devices beside the hub's (comma-separated, e.g. "9100,631").</summary>
    public string? WebAccessPorts { get; set; }

    /// <summary>Days without a sign-in after which an account is disabled: 90 or 180.</summary>
    public int IdleDays { get; set; } = 90;

    /// <summary>
    /// After 5 failed sign-ins: null = disabled until an administrator enables the account again (the product's rule);
    /// a number of minutes = locked for that long instead (the tenant's choice).
    /// </summary>
    public int? LockoutMinutes { get; set; }

    /// <summary>LDAP server for Active Directory users of this tenant (ldap://host:389 or ldaps://host:636); null = none.</summary>
    public string? LdapUrl { get; set; }

    /// <summary>How a sign-in name becomes the DN (or UPN) to bind with: "{0}@corp.example" or "uid={0},ou=people,dc=corp,dc=example".</summary>
    public string? LdapBindTemplate { get; set; }

    /// <summary>Where the user's groups are searched (entries whose member attribute is the user's DN).</summary>
    public string? LdapGroupBase { get; set; }

    /// <summary>OpenID Connect single sign-on (Entra ID, ADFS): the authority URL; null = none.</summary>
    public string? OidcAuthority { get; set; }

    public string? OidcClientId { get; set; }

    /// <summary>The client secret, protected with the hub's Data Protection keys (never stored in clear).</summary>
    public string? OidcClientSecretProtected { get; set; }

    /// <summary>
    /// How this tenant bills pages (<c>Portal/Fleet/MeterDefinition</c>): one meter a line or ';'-separated, a name and the
    /// counters it adds, e.g. "black = mono; colour = color" or "A4 mono = print.mono + copy.mono". Null = the nearest
    /// tenant above with one decides; none at all = each counter is its own meter.
    /// </summary>
    public string? MeterDefinition { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
