namespace Kdfm.Benchmarks.Printers;

/// <summary>Where the recorded walks are: $KDFM_CORPUS, else ../shared/corpus above the current folder.</summary>
internal static class CorpusFiles
{
    public static string Folder()
    {
        var configured = Environment.GetEnvironmentVariable("KDFM_CORPUS");
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "corpus");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("no shared/corpus above the current folder; set KDFM_CORPUS");
    }

    public static IReadOnlyList<string> Walks() => [.. Directory.EnumerateFiles(Path.Combine(Folder(), "snmprec"), "*.snmprec").Order(StringComparer.Ordinal)];
}
