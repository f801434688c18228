namespace Kdfm.Hub.Portal.Accounts;

/// <summary>
/// The rules a tenant's sign-in settings follow (pure): idle days 90 or 180, a timed lockout of 1 to 1440 minutes, an LDAP
/// server at ldap:// or ldaps:// with a bind template holding {0} and a group base, an OIDC authority at https:// with a
/// client id. Each problem is a sentence naming the field.
/// </summary>
public static class TenantSettingsCheck
{
    public static IReadOnlyList<string> Problems(TenantSettings settings)
    {
        var problems = new List<string>();
        if (!TenantSettings.IdleChoices.Contains(settings.IdleDays))
        {
            problems.Add("Idle days must be 90 or 180.");
        }

        if (settings.LockoutMinutes is < 1 or > TenantSettings.MaxLockoutMinutes)
        {
            problems.Add($"A timed lockout lasts 1 to {TenantSettings.MaxLockoutMinutes} minutes.");
        }

        if (Given(settings.LdapUrl))
        {
            if (!IsServer(settings.LdapUrl!, "ldap", "ldaps"))
            {
                problems.Add("The LDAP server must be an ldap:// or ldaps:// address with a host, e.g. ldaps://dc1.corp.example:636.");
            }

            if (!Given(settings.LdapBindTemplate) || !IsTemplate(settings.LdapBindTemplate!))
            {
                problems.Add("The bind template must hold {0} once where the sign-in name goes, e.g. {0}@corp.example or uid={0},ou=people,dc=corp,dc=example.");
            }

            if (!Given(settings.LdapGroupBase) || !IsDn(settings.LdapGroupBase!))
            {
                problems.Add("The group base must be a distinguished name, e.g. ou=groups,dc=corp,dc=example.");
            }
        }

        if (Given(settings.OidcAuthority))
        {
            if (!IsServer(settings.OidcAuthority!, "https"))
            {
                problems.Add("The OIDC authority must be an https:// address, e.g. https://login.microsoftonline.com/TENANT-ID/v2.0.");
            }

            if (!Given(settings.OidcClientId))
            {
                problems.Add("OIDC sign-in needs a client id.");
            }
        }

        if (!Fits(settings.OidcClientId, 200) || !Fits(settings.NewOidcSecret, 1000) || !Fits(settings.LdapUrl, 300) || !Fits(settings.OidcAuthority, 300))
        {
            problems.Add("A field is too long or holds control characters.");
        }

        return problems;
    }

    /// <summary>A group's distinguished name: attribute=value pairs, e.g. cn=printing,ou=groups,dc=corp,dc=example.</summary>
    public static bool IsDn(string dn) => Fits(dn, 300) && dn.Contains('=', StringComparison.Ordinal) && !dn.StartsWith('=') && dn.Trim().Length == dn.Length;

    public static bool Given(string? value) => !string.IsNullOrWhiteSpace(value);

    private static bool IsServer(string text, params string[] schemes) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && schemes.Contains(uri.Scheme) && uri.Host.Length > 0 && uri.UserInfo.Length == 0 && uri.Query.Length == 0
        && uri.Fragment.Length == 0;

    private static bool IsTemplate(string template)
    {
        int at = template.IndexOf("{0}", StringComparison.Ordinal);
        string rest = at < 0 ? template : template.Remove(at, 3);
        return at >= 0 && rest.IndexOfAny(['{', '}']) < 0 && Fits(template, 300);
    }

    private static bool Fits(string? value, int max) => value is null || (value.Length <= max && !value.Any(char.IsControl));
}
