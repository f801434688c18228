using System.Net;
using System.Text.Json;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Whether a ping target lies inside the targets an agent reported it scans (<c>AgentStatus.targets</c>, stored as JSON):
/// an IPv4 address inside one of its CIDR blocks, first-last ranges or single addresses (parsed as the collector parses
/// them: <see cref="AddressRange"/>), or a host name equal to one of its host names. The hub resolves no names: a host name
/// is inside only when the agent scans that very name. Pure.
/// </summary>
public static class PingTargets
{
    /// <summary>The most targets read from an agent's report (more are ignored: the check stays cheap).</summary>
    public const int MaxTargets = 1024;

    /// <summary>The targets of <paramref name="targetsJson"/>; none when it is absent or not a JSON array of strings.</summary>
    public static IReadOnlyList<string> Parse(string? targetsJson)
    {
        if (string.IsNullOrEmpty(targetsJson))
        {
            return [];
        }

        try
        {
            return JsonSerializer.Deserialize<string[]>(targetsJson) is { } targets ? [.. targets.Where(t => !string.IsNullOrWhiteSpace(t)).Take(MaxTargets)] : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static bool Covers(IEnumerable<string> targets, string target)
    {
        if (IPAddress.TryParse(target, out var address))
        {
            return targets.Any(t => AddressRange.TryParse(t, out var range, out _) ? range.Contains(address) : IPAddress.TryParse(t.Trim(), out var other) && other.Equals(address));
        }

        string name = Name(target);
        return targets.Any(t => !AddressRange.TryParse(t, out _, out _) && string.Equals(Name(t), name, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A host name as compared: trimmed, without the root's trailing dot.</summary>
    private static string Name(string text) => text.Trim().TrimEnd('.');
}
