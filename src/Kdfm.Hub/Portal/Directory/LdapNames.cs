using System.Text;

namespace Kdfm.Hub.Portal.Directory;

/// <summary>
/// How a sign-in name reaches a tenant's directory (pure). A directory user signs in as <c>name@domain</c>; the tenant
/// is the one whose LDAP bind template has that domain: the suffix of a UPN template (<c>{0}@corp.example</c>) or the
/// dc= parts of a DN template (<c>uid={0},ou=people,dc=corp,dc=example</c> → corp.example). The name is put in the
/// template only if it is plain (letters, digits, . _ -), so nothing typed can change the DN or a search filter.
/// </summary>
public static class LdapNames
{
    /// <summary>("jane", "corp.example") for "Jane@Corp.Example"; null when it is not name@domain with a plain name.</summary>
    public static (string Name, string Domain)? Split(string signInName)
    {
        int at = signInName.LastIndexOf('@');
        if (at <= 0 || at == signInName.Length - 1)
        {
            return null;
        }

        string name = signInName[..at];
        string domain = signInName[(at + 1)..].ToLowerInvariant();
        return IsPlain(name) && domain.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-') ? (name, domain) : null;
    }

    public static bool IsPlain(string name) => name.Length is > 0 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>The DNS domain a bind template names (lower case), or null.</summary>
    public static string? DomainOf(string? template)
    {
        if (string.IsNullOrWhiteSpace(template))
        {
            return null;
        }

        int at = template.LastIndexOf('@');
        if (at >= 0)
        {
            return template[(at + 1)..].Trim().ToLowerInvariant();
        }

        var parts = template.Split(',').Select(p => p.Trim()).Where(p => p.StartsWith("dc=", StringComparison.OrdinalIgnoreCase)).Select(p => p[3..].Trim().ToLowerInvariant()).ToList();
        return parts.Count > 0 ? string.Join('.', parts) : null;
    }

    /// <summary>The name to bind with: the template with the (plain) name in place of {0}.</summary>
    public static string BindName(string template, string name) =>
        IsPlain(name) ? template.Replace("{0}", name, StringComparison.Ordinal) : throw new ArgumentException("not a plain directory name", nameof(name));

    /// <summary>True when the template is a DN (the user's DN is then the bind name); false for a UPN (name@domain).</summary>
    public static bool IsDnTemplate(string template) => !template.Contains('@', StringComparison.Ordinal);

    /// <summary>A value inside a search filter: RFC 4515 §3 escapes * ( ) \ and NUL as \XX.</summary>
    public static string EscapeFilterValue(string value)
    {
        var escaped = new StringBuilder(value.Length);
        foreach (char c in value)
        {
            escaped.Append(c switch
            {
                '*' => @"\2a",
                '(' => @"\28",
                ')' => @"\29",
                '\\' => @"\5c",
                '\0' => @"\00",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
