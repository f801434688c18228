using Kdfm.Snmp;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Serving;

/// <summary>Net-SNMP's own tools (a real client) against kdfm-sim: they must read exactly what the served file holds.</summary>
public class NetSnmpAgainstSimulatorTests
{
    private static readonly string[] Common = ["-On", "-Ox", "-Ot", "-Oe", "-t", "2", "-r", "2"];

    private static IReadOnlyList<string> Walks() =>
    [
        .. Directory.EnumerateFiles(RepositoryPaths.DemoWalks, "*.snmprec").Order(StringComparer.Ordinal),
        Path.Combine(RepositoryPaths.CorpusWalks, "librenms-sharp.snmprec"),
        Path.Combine(RepositoryPaths.CorpusWalks, "printmaster-kyocera_cs4053.snmprec"),
    ];

    private static async Task<List<string>> RunAsync(string tool, params string[] arguments)
    {
        var (exit, output, error) = await CommandLine.RunAsync($"/usr/bin/{tool}", arguments, CommandLine.NetSnmpEnvironment);
        Assert.True(exit == 0, $"{tool} exited {exit}: {error}");
        return NetSnmpOutput.Parse(output);
    }

    private static List<string> Expected(string walk) => SnmprecFormat.ReadFile(walk).Rows.Select(NetSnmpOutput.Canonical).ToList();

    [Fact]
    public async Task Snmpbulkwalk_v2c_reads_every_served_file_exactly()
    {
        var walks = Walks();
        await using var fleet = InProcessFleet.Start(walks);
        for (int i = 0; i < walks.Count; i++)
        {
            var rows = await RunAsync("snmpbulkwalk", [.. Common, "-v2c", "-c", "public", "-Cr50", $"{fleet[i].Address}:{fleet[i].Port}", "1.3.6.1"]);
            Assert.Equal(Expected(walks[i]), rows);
        }
    }

    [Fact]
    public async Task Snmpwalk_v1_reads_a_served_file_exactly()
    {
        var walks = Walks();
        await using var fleet = InProcessFleet.Start(walks);
        var rows = await RunAsync("snmpwalk", [.. Common, "-v1", "-c", "public", $"{fleet[2].Address}:{fleet[2].Port}", "1.3.6.1"]);
        Assert.Equal(Expected(walks[2]), rows);
    }

    [Fact]
    public async Task Snmpget_reads_single_values_and_sees_missing_ones()
    {
        await using var fleet = InProcessFleet.Start(Walks());
        var (exit, output, _) = await CommandLine.RunAsync("/usr/bin/snmpget",
            ["-On", "-v2c", "-c", "public", $"{fleet[0].Address}:{fleet[0].Port}", "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.77.0"], CommandLine.NetSnmpEnvironment);
        Assert.Equal(0, exit);
        Assert.Contains(".1.3.6.1.2.1.1.5.0 = STRING: \"BRN30055C112233\"", output, StringComparison.Ordinal);
        Assert.Contains(".1.3.6.1.2.1.1.77.0 = No Such Object available on this agent at this OID", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("SHA-256", AuthProtocol.Sha256, "AES-256", PrivProtocol.Aes256)]
    [InlineData("MD5", AuthProtocol.Md5, "DES", PrivProtocol.Des)]
    [InlineData("SHA", AuthProtocol.Sha1, "AES", PrivProtocol.Aes128)]
    [InlineData("SHA-512", AuthProtocol.Sha512, "AES-192", PrivProtocol.Aes192)]
    [InlineData("SHA-224", AuthProtocol.Sha224, null, PrivProtocol.None)]
    public async Task Snmpbulkwalk_v3_reads_a_served_file_exactly(string netSnmpAuth, AuthProtocol auth, string? netSnmpPriv, PrivProtocol priv)
    {
        var walks = Walks();
        var user = new UsmUser("kdfm", auth, new Secret("authpass-1"), priv, priv == PrivProtocol.None ? null : new Secret("privpass-1"));
        await using var fleet = InProcessFleet.Start(walks, v3: user);
        string[] security = netSnmpPriv is null
            ? ["-l", "authNoPriv", "-a", netSnmpAuth, "-A", "authpass-1"]
            : ["-l", "authPriv", "-a", netSnmpAuth, "-A", "authpass-1", "-x", netSnmpPriv, "-X", "privpass-1"];
        var rows = await RunAsync("snmpbulkwalk", [.. Common, "-v3", "-u", "kdfm", .. security, "-Cr30", $"{fleet[5].Address}:{fleet[5].Port}", "1.3.6.1"]);
        Assert.Equal(Expected(walks[5]), rows);
    }

    [Fact]
    public async Task Net_snmp_sees_wrong_credentials_as_failures()
    {
        var user = new UsmUser("kdfm", AuthProtocol.Sha256, new Secret("authpass-1"), PrivProtocol.Aes256, new Secret("privpass-1"));
        await using var fleet = InProcessFleet.Start(Walks(), v3: user);
        string target = $"{fleet[0].Address}:{fleet[0].Port}";
        var (exit, _, error) = await CommandLine.RunAsync("/usr/bin/snmpget",
            ["-On", "-r", "0", "-v3", "-u", "kdfm", "-l", "authPriv", "-a", "SHA-256", "-A", "wrongpass-1", "-x", "AES-256", "-X", "privpass-1", target, "1.3.6.1.2.1.1.5.0"],
            CommandLine.NetSnmpEnvironment);
        Assert.NotEqual(0, exit);
        Assert.Contains("Authentication failure", error, StringComparison.Ordinal);

        (exit, _, error) = await CommandLine.RunAsync("/usr/bin/snmpget",
            ["-On", "-r", "0", "-v3", "-u", "mallory", "-l", "noAuthNoPriv", target, "1.3.6.1.2.1.1.5.0"], CommandLine.NetSnmpEnvironment);
        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown user name", error, StringComparison.Ordinal);
    }
}
