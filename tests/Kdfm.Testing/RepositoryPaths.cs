namespace Kdfm.Testing;

/// <summary>Where things are, found from the test's own directory.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding Kdfm.Actors.sln.</summary>
    public static string Root { get; } = FindUp("Kdfm.Actors.sln") ?? throw new DirectoryNotFoundException("Kdfm.Actors.sln not found above " + AppContext.BaseDirectory);

    /// <summary>The recorded walks of real printers: $KDFM_CORPUS, else ../shared/corpus beside the repository.</summary>
    public static string Corpus
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable("KDFM_CORPUS");
            if (!string.IsNullOrEmpty(configured))
            {
                return configured;
            }

            var beside = Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
            return Directory.Exists(beside)
                ? beside
                : throw new DirectoryNotFoundException($"the corpus is not at {beside}; set KDFM_CORPUS to its folder");
        }
    }

    public static string CorpusWalks => Path.Combine(Corpus, "snmprec");

    /// <summary>
    /// The corpus walks with at least <paramref name="printerMibRows"/> Printer-MIB rows (index.json's
    /// printer_mib_varbinds), sorted by path: the full printers of the corpus (18 with 10 rows or more).
    /// </summary>
    public static IReadOnlyList<string> CorpusPrinterWalks(int printerMibRows = 10)
    {
        using var index = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus, "index.json")));
        return [.. index.RootElement.GetProperty("devices").EnumerateArray()
            .Where(d => d.GetProperty("printer_mib_varbinds").GetInt32() >= printerMibRows)
            .Select(d => Path.Combine(Corpus, d.GetProperty("snmprec").GetString()!))
            .Order(StringComparer.Ordinal)];
    }

    /// <summary>The demo walks shipped with kdfm-sim.</summary>
    public static string DemoWalks => Path.Combine(Root, "src", "Kdfm.Simulator", "walks");

    /// <summary>Debug or Release: the configuration the running tests were built with.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    /// <summary>The built assembly of one of our programs (run it with <c>dotnet</c>).</summary>
    public static string Program(string project, string assembly) =>
        Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", assembly + ".dll");

    private static string? FindUp(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, file)))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
