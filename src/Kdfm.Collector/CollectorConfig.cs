using Akka.Configuration;

namespace Kdfm.Collector;

/// <summary>The embedded Akka.NET defaults (hocon/kdfm-collector.conf).</summary>
public static class CollectorConfig
{
    public static Config Defaults { get; } = Load();

    private static Config Load()
    {
        using var stream = typeof(CollectorConfig).Assembly.GetManifestResourceStream("kdfm-collector.conf")
            ?? throw new InvalidOperationException("the embedded kdfm-collector.conf is missing from the build");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
