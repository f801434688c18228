using System.Collections.Immutable;
using Kdfm.Snmp.Addressing;

namespace Kdfm.Collector.Configuration;

/// <summary>
/// What the collector scans and how. The defaults are safe on a customer LAN: 1 s timeout, 1 retry, 256 probes in
/// flight, at most 500 probe packets per second.
/// </summary>
public sealed record CollectorSettings
{
    /// <summary>CIDR blocks, first-last ranges, single addresses or host names.</summary>
    public ImmutableArray<string> Targets { get; init; } = [];

    public ImmutableArray<string> Exclusions { get; init; } = [];

    /// <summary>Tried in order on each address; the first that answers is the device's.</summary>
    public ImmutableArray<CredentialProfile> Profiles { get; init; } = [CredentialProfile.V2c("public")];

    public int Port { get; init; } = 161;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(1);

    public int Retries { get; init; } = 1;

    /// <summary>Probes in flight across all range scanners.</summary>
    public int Concurrency { get; init; } = 256;

    /// <summary>Probe packets per second, all scanners together (0 = no cap).</summary>
    public int PacketsPerSecond { get; init; } = 500;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How often run rediscovers its targets (new printers, DHCP moves).</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Consecutive failed polls after which a device is reported down.</summary>
    public int FailuresBeforeDown { get; init; } = 3;

    /// <summary>A device actor saves a journal snapshot every this many readings, so its recovery stays short.</summary>
    public int SnapshotEvery { get; init; } = 24;

    /// <summary>
    /// The most one reading may take: 64 requests that each use every retry (a full reading is 5 to 40 requests). A
    /// backstop, so that nothing waits for ever on a device; each request has its own timeout besides.
    /// </summary>
    public TimeSpan ReadDeadline => Timeout * (Retries + 1) * 64;

    /// <summary>
    /// The most a discovery run of <paramref name="addresses"/> addresses may take: twice the worst case of every probe
    /// (each profile, two requests, every retry, at the concurrency and packet rate set), plus a minute. A backstop: a
    /// run that reaches it reports what it found and names the chunks it did not finish. Runs at the same time share the
    /// probe budget and may take longer; they are rare (a rescan during the periodic discovery) and the margin covers them.
    /// </summary>
    public TimeSpan DiscoveryDeadline(long addresses)
    {
        long rounds = Math.Max(1, (addresses + Concurrency - 1) / Concurrency);
        var probing = Timeout * (Retries + 1) * 2 * Profiles.Length * rounds;
        var pacing = PacketsPerSecond > 0 ? TimeSpan.FromSeconds(2.0 * addresses * Profiles.Length * (Retries + 1) / PacketsPerSecond) : TimeSpan.Zero;
        return (probing + pacing) * 2 + TimeSpan.FromMinutes(1);
    }

    /// <summary>Addresses per range scanner (a /24).</summary>
    public const int ChunkSize = 256;

    /// <summary>Checks every key; returns the problems, each naming the key at fault.</summary>
    public ImmutableArray<string> Validate()
    {
        var problems = ImmutableArray.CreateBuilder<string>();
        for (int i = 0; i < Targets.Length; i++)
        {
            if (!AddressRange.TryParse(Targets[i], out _, out string? error) && !LooksLikeHostName(Targets[i]))
            {
                problems.Add($"Collector:Targets[{i}]: {error}");
            }
        }

        for (int i = 0; i < Exclusions.Length; i++)
        {
            if (!AddressRange.TryParse(Exclusions[i], out _, out string? error))
            {
                problems.Add($"Collector:Exclusions[{i}]: {error}");
            }
        }

        if (Profiles.IsEmpty)
        {
            problems.Add("Collector:Profiles: at least one credential profile is needed");
        }

        for (int i = 0; i < Profiles.Length; i++)
        {
            if (Profiles[i].User?.Validate() is { } problem)
            {
                problems.Add($"Collector:Profiles[{i}]: {problem}");
            }
        }

        if (Port is < 1 or > 65535)
        {
            problems.Add($"Collector:Port: {Port} is not a UDP port");
        }

        if (Timeout <= TimeSpan.Zero || Timeout > TimeSpan.FromMinutes(1))
        {
            problems.Add($"Collector:Timeout: {Timeout} is not between 0 and 60 s");
        }

        if (Retries is < 0 or > 10)
        {
            problems.Add($"Collector:Retries: {Retries} is not between 0 and 10");
        }

        if (Concurrency is < 1 or > 65536)
        {
            problems.Add($"Collector:Concurrency: {Concurrency} is not between 1 and 65536");
        }

        if (SnapshotEvery < 1)
        {
            problems.Add($"Collector:SnapshotEvery: {SnapshotEvery} is below 1");
        }

        if (PacketsPerSecond < 0)
        {
            problems.Add($"Collector:PacketsPerSecond: {PacketsPerSecond} is negative");
        }

        return problems.ToImmutable();
    }

    private static bool LooksLikeHostName(string text) =>
        text.Length > 0 && !char.IsDigit(text[0]) && Uri.CheckHostName(text) == UriHostNameType.Dns;
}
