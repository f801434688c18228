using System.Collections.Immutable;
using System.DirectoryServices.Protocols;
using System.Net;

namespace Kdfm.Hub.Portal.Directory;

/// <summary>
/// Checks a name and password against a tenant's directory (Active Directory, OpenLDAP) with an LDAP simple bind, then
/// lists the user's groups: the entries under the tenant's group base whose member is the user's DN (direct membership).
/// On Linux, System.DirectoryServices.Protocols runs on the system's libldap. Its exceptions end here, as verdicts.
/// </summary>
public sealed class LdapDirectory(ILogger<LdapDirectory> logger)
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private const int InvalidCredentials = 49; // RFC 4511 §4.1.9 resultCode invalidCredentials

    /// <summary>The bind and the search block (the library has no asynchronous bind): they run on the thread pool.</summary>
    public Task<DirectoryAnswer> CheckAsync(DirectoryServer server, string name, string password, CancellationToken cancellationToken) =>
        Task.Run(() => Check(server, name, password), cancellationToken);

    private DirectoryAnswer Check(DirectoryServer server, string name, string password)
    {
        // RFC 4513 §5.1.2: a name with an empty password is an "unauthenticated bind", which servers accept: never a sign-in.
        if (string.IsNullOrEmpty(password) || !LdapNames.IsPlain(name))
        {
            return DirectoryAnswer.Wrong;
        }

        string bindName = LdapNames.BindName(server.BindTemplate, name);
        bool secure = server.Url.Scheme == "ldaps";
        int port = server.Url.IsDefaultPort || server.Url.Port <= 0 ? (secure ? 636 : 389) : server.Url.Port;
        try
        {
            using var connection = new LdapConnection(new LdapDirectoryIdentifier(server.Url.Host, port), new NetworkCredential(bindName, password), AuthType.Basic);
            connection.SessionOptions.ProtocolVersion = 3;
            connection.SessionOptions.SecureSocketLayer = secure;
            connection.SessionOptions.ReferralChasing = ReferralChasingOptions.None;
            connection.Timeout = Timeout;
            connection.Bind();
            string userDn = LdapNames.IsDnTemplate(server.BindTemplate) ? bindName : FindDn(connection, server, bindName) ?? bindName;
            var groups = (SearchResponse)connection.SendRequest(new SearchRequest(server.GroupBase, $"(member={LdapNames.EscapeFilterValue(userDn)})", SearchScope.Subtree, "1.1"));
            return new DirectoryAnswer(DirectoryVerdict.Accepted, userDn, [.. groups.Entries.Cast<SearchResultEntry>().Select(e => e.DistinguishedName)]);
        }
        catch (LdapException e) when (e.ErrorCode == InvalidCredentials)
        {
            return DirectoryAnswer.Wrong;
        }
        catch (Exception e) when (e is LdapException or DirectoryOperationException)
        {
            logger.LogWarning("The directory {Url} could not check {BindName}: {Error}", server.Url, bindName, e.Message);
            return DirectoryAnswer.Unavailable(e.Message);
        }
    }

    /// <summary>A UPN template (Active Directory): the user's DN, by their userPrincipalName under the group base's domain.</summary>
    private static string? FindDn(LdapConnection connection, DirectoryServer server, string upn)
    {
        string root = string.Join(',', server.GroupBase.Split(',').Select(p => p.Trim()).Where(p => p.StartsWith("dc=", StringComparison.OrdinalIgnoreCase)));
        var found = (SearchResponse)connection.SendRequest(new SearchRequest(root, $"(userPrincipalName={LdapNames.EscapeFilterValue(upn)})", SearchScope.Subtree, "1.1"));
        return found.Entries.Count == 1 ? found.Entries[0].DistinguishedName : null;
    }
}
