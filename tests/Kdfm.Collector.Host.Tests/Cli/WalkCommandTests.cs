using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Collector.Host.Tests.Cli;

public class WalkCommandTests
{
    private static IReadOnlyList<string> AllWalks() =>
    [
        .. Directory.EnumerateFiles(RepositoryPaths.DemoWalks, "*.snmprec").Order(StringComparer.Ordinal),
        .. Directory.EnumerateFiles(RepositoryPaths.CorpusWalks, "*.snmprec").Order(StringComparer.Ordinal),
    ];

    /// <summary>The file's lines sorted by OID (numerically), as the served walk is.</summary>
    private static List<string> SortedLines(string file) =>
        File.ReadAllLines(file).Where(l => l.Length > 0)
            .OrderBy(l => Kdfm.Snmp.Oid.Parse(l[..l.IndexOf('|')]))
            .ToList();

    [Fact]
    public async Task Walk_to_snmprec_reproduces_every_served_file_line_for_line()
    {
        var walks = AllWalks();
        await using var fleet = InProcessFleet.Start(walks);
        var mismatches = new List<string>();
        for (int i = 0; i < walks.Count; i++)
        {
            var (exit, output, error) = await Cli.RunAsync("walk", "-o", "snmprec", "-t", "2", $"{fleet[i].Address}:{fleet[i].Port}");
            Assert.True(exit == 0, $"{walks[i]}: {error}");
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            if (!lines.SequenceEqual(SortedLines(walks[i])))
            {
                mismatches.Add(Path.GetFileName(walks[i]));
            }
        }

        Assert.Empty(mismatches);
        Assert.True(walks.Count > 60, $"only {walks.Count} walks found: is the corpus there?");
    }

    [Fact]
    public async Task Walk_v3_and_v1_print_the_subtree_as_snmpwalk_does()
    {
        var user = new UsmUser("kdfm", AuthProtocol.Sha512, new Secret("authpass-1"), PrivProtocol.Aes256, new Secret("privpass-1"));
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks], v3: user);
        string kyocera = $"{fleet[3].Address}:{fleet[3].Port}";
        var (exit, output, error) = await Cli.RunAsync("walk", "-v3", "-u", "kdfm", "-a", "SHA-512", "-A", "authpass-1", "-x", "AES-256", "-X", "privpass-1",
            "-Cr", "3", kyocera, "1.3.6.1.2.1.43.11.1.1.6");
        Assert.True(exit == 0, error);
        Assert.Equal(
        [
            ".1.3.6.1.2.1.43.11.1.1.6.1.1 = STRING: \"TK-1170\"",
            ".1.3.6.1.2.1.43.11.1.1.6.1.2 = STRING: \"Waste toner box\"",
        ], output.TrimEnd().Split('\n'));

        (exit, output, _) = await Cli.RunAsync("walk", "-v1", kyocera, "1.3.6.1.2.1.43.11.1.1.9");
        Assert.Equal(0, exit);
        Assert.Equal([".1.3.6.1.2.1.43.11.1.1.9.1.1 = INTEGER: 2400", ".1.3.6.1.2.1.43.11.1.1.9.1.2 = INTEGER: -3"], output.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task The_row_cap_is_reported()
    {
        await using var fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks]);
        var (exit, output, error) = await Cli.RunAsync("walk", "--max-rows", "5", $"{fleet[0].Address}:{fleet[0].Port}");
        Assert.Equal(0, exit);
        Assert.Equal(5, output.TrimEnd().Split('\n').Length);
        Assert.Contains("row cap", error, StringComparison.Ordinal);
    }
}
