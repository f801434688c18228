using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Kdfm.Testing;

/// <summary>
/// Debian's OpenLDAP (slapd) as a directory on a free loopback port: an mdb database for <see cref="Suffix"/> in a
/// temporary directory, people under ou=people (uid=NAME), groups of names under ou=groups, loaded with ldapadd.
/// </summary>
public sealed class LdapServer : IDisposable
{
    public const string Suffix = "dc=corp,dc=example";
    public const string Domain = "corp.example";
    public const string People = "ou=people," + Suffix;
    public const string Groups = "ou=groups," + Suffix;
    public const string BindTemplate = "uid={0}," + People;

    private const string RootDn = "cn=admin," + Suffix;
    private const string RootPassword = "slapd test root";

    private readonly TempDirectory _directory;
    private readonly PeerProcess _process;

    private LdapServer(TempDirectory directory, PeerProcess process, int port)
    {
        _directory = directory;
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string Url => $"ldap://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static string UserDn(string uid) => $"uid={uid},{People}";

    public static string GroupDn(string cn) => $"cn={cn},{Groups}";

    /// <param name="users">uid → password.</param>
    /// <param name="groups">group cn → member uids (a group of names needs one member at least).</param>
    public static async Task<LdapServer> StartAsync(IReadOnlyDictionary<string, string> users, IReadOnlyDictionary<string, string[]> groups)
    {
        var directory = new TempDirectory("kdfm-slapd-");
        Directory.CreateDirectory(directory["db"]);
        int port = FreePort.Tcp();
        File.WriteAllText(directory["slapd.conf"], $"""
            include /etc/ldap/schema/core.schema
            include /etc/ldap/schema/cosine.schema
            include /etc/ldap/schema/inetorgperson.schema
            modulepath /usr/lib/ldap
            moduleload back_mdb
            pidfile {directory["slapd.pid"]}
            database mdb
            maxsize 10485760
            suffix "{Suffix}"
            rootdn "{RootDn}"
            rootpw "{RootPassword}"
            directory {directory["db"]}
            """);
        var ldif = new System.Text.StringBuilder($"""
            dn: {Suffix}
            objectClass: dcObject
            objectClass: organization
            o: corp
            dc: corp

            dn: {People}
            objectClass: organizationalUnit
            ou: people

            dn: {Groups}
            objectClass: organizationalUnit
            ou: groups


            """);
        foreach (var (uid, password) in users)
        {
            ldif.Append($"dn: {UserDn(uid)}\nobjectClass: inetOrgPerson\nuid: {uid}\ncn: {uid}\nsn: {uid}\nuserPassword: {password}\n\n");
        }

        foreach (var (cn, members) in groups)
        {
            ldif.Append($"dn: {GroupDn(cn)}\nobjectClass: groupOfNames\ncn: {cn}\n");
            foreach (var member in members)
            {
                ldif.Append($"member: {UserDn(member)}\n");
            }

            ldif.Append('\n');
        }

        File.WriteAllText(directory["data.ldif"], ldif.ToString());
        // -d 256 keeps slapd in the foreground (stats logging); PeerProcess ends it.
        var process = PeerProcess.Start("/usr/sbin/slapd", ["-f", directory["slapd.conf"], "-h", $"ldap://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/", "-d", "256"]);
        var server = new LdapServer(directory, process, port);
        try
        {
            await process.WaitForOutputAsync("slapd starting", TimeSpan.FromSeconds(30), "slapd start");
            // slapd says "starting" before its daemon thread listens: wait until the port takes a connection.
            await Eventually.True(() => AcceptsAsync(port), "slapd accepting connections");
            await server.LdapAsync("ldapadd", directory["data.ldif"]);
            return server;
        }
        catch
        {
            server.Dispose();
            throw;
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Applies an LDIF change (ldapmodify), e.g. to move a user to another group.</summary>
    public async Task ModifyAsync(string ldif)
    {
        string file = _directory["change-" + Guid.NewGuid().ToString("N") + ".ldif"];
        File.WriteAllText(file, ldif);
        await LdapAsync("ldapmodify", file);
    }

    private async Task LdapAsync(string tool, string file)
    {
        var (exit, output, error) = await CommandLine.RunAsync(tool, ["-x", "-H", Url, "-D", RootDn, "-w", RootPassword, "-f", file]);
        if (exit != 0)
        {
            throw new InvalidOperationException($"{tool}: {output}{error}\n{_process.Output}");
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        _directory.Dispose();
    }
}
