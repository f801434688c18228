using System.Net;
using Kdfm.Simulator.Agent;
using Kdfm.Snmp.Snmprec;

namespace Kdfm.Simulator.Fleet;

/// <summary>Turns walk files and options into devices: round-robin over the files from the range's first address.</summary>
internal static class FleetBuilder
{
    public static (IReadOnlyList<SimulatedDevice> Devices, IReadOnlyList<SnmprecWalk> Walks) Build(FleetOptions options, long nowMs)
    {
        var files = ExpandWalkPaths(options.Walks);
        if (files.Count == 0)
        {
            throw new FleetConfigurationException("--walks", "no .snmprec file found in " + string.Join(", ", options.Walks));
        }

        var walks = files.Select(SnmprecFormat.ReadFile).ToList();
        int count = options.Count ?? walks.Count;
        if (count < 1 || count > options.Range.Count)
        {
            throw new FleetConfigurationException("--count", $"{count} devices do not fit the {options.Range.Count} addresses of {options.Range}");
        }

        var baseViews = walks.Select(w => new MibView(w.Rows)).ToList();
        var identities = walks.Select(w => count > walks.Count ? CopyIdentity.Find(w.Rows) : null).ToList();
        var devices = new List<SimulatedDevice>(count);
        for (int i = 0; i < count; i++)
        {
            int file = i % walks.Count;
            int copy = i / walks.Count;
            var view = copy == 0 ? baseViews[file] : baseViews[file].WithOverrides(CopyIdentity.Changes(walks[file].Rows, identities[file]!, copy));
            var endPoint = new IPEndPoint(options.Range.At(i), options.Port);
            devices.Add(new SimulatedDevice(endPoint, walks[file].Source, view, Behaviour(options, i), copy, nowMs));
        }

        return (devices, walks);
    }

    /// <summary>Files as given; directories give their .snmprec files (recursively), sorted by path.</summary>
    public static IReadOnlyList<string> ExpandWalkPaths(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.snmprec", SearchOption.AllDirectories).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new FleetConfigurationException("--walks", $"'{path}' is neither a file nor a directory");
            }
        }

        return files;
    }

    /// <summary>A deterministic draw per device (SplitMix64 of seed and index), so a fault plan is reproducible.</summary>
    private static DeviceBehaviour Behaviour(FleetOptions options, int index)
    {
        ulong z = unchecked((ulong)options.Seed * 0x9E3779B97F4A7C15UL + (ulong)index + 1);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        double u = (z >> 11) * (1.0 / (1UL << 53));
        if (u < options.SilentFraction)
        {
            return DeviceBehaviour.Silent;
        }

        if (u < options.SilentFraction + options.SlowFraction)
        {
            return DeviceBehaviour.Slow;
        }

        return u < options.SilentFraction + options.SlowFraction + options.GarbageFraction ? DeviceBehaviour.Garbage : DeviceBehaviour.Normal;
    }
}
