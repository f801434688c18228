using System.Globalization;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Api;

/// <summary>
/// An agent as <c>GET /api/v1/agents</c> shows it: its last status, what it had refused, and how much it stores against
/// its quota (<paramref name="QuotaBytes"/> 0 = none; <paramref name="OverQuota"/>: its last upload was refused for the quota,
/// and none has been stored since, or it stores more than a quota lowered since).
/// </summary>
public sealed record AgentView(string Id, string Tenant, string HostName, string Version, DateTimeOffset ActivatedAt, DateTimeOffset? LastSeenAt, bool Revoked,
    int DevicesKnown, int DevicesDown, long OutboxPending, long AcknowledgedSequence, string LastError, long RefusedReadings, AgentView.Refusal? LastRefusal,
    long StoredBytes, long QuotaBytes, bool OverQuota)
{
    public static readonly string[] Header =
    [
        "id", "tenant", "hostName", "version", "activatedAt", "lastSeenAt", "revoked", "devicesKnown", "devicesDown", "outboxPending", "acknowledgedSequence",
        "lastError", "refusedReadings", "lastRefusalSequence", "lastRefusalCode", "lastRefusalReason", "lastRefusalAt", "storedBytes", "quotaBytes", "overQuota",
    ];

    /// <summary>The last reading the hub refused from this agent.</summary>
    public sealed record Refusal(long Sequence, string Code, string Reason, DateTimeOffset At);

    public static AgentView Of(AgentRecord a, string tenant, long quotaBytes) => new(a.Id, tenant, a.HostName, a.Version, a.ActivatedAt, a.LastSeenAt, a.Revoked,
        a.DevicesKnown, a.DevicesDown, a.OutboxPending, a.AcknowledgedSequence, a.LastError, a.RefusedReadings,
        a.LastRefusalSequence is { } sequence ? new Refusal(sequence, a.LastRefusalCode ?? "", a.LastRefusalReason ?? "", a.LastRefusalAt ?? default) : null,
        a.StoredBytes, quotaBytes, quotaBytes > 0 && (a.QuotaRefusedAt is not null || a.StoredBytes > quotaBytes));

    public IEnumerable<CsvCell> Cells() =>
    [
        CsvCell.Text(Id), CsvCell.Text(Tenant), CsvCell.Text(HostName), CsvCell.Text(Version), CsvCell.Text(Time(ActivatedAt)), CsvCell.Text(LastSeenAt is { } seen ? Time(seen) : ""),
        CsvCell.Text(Revoked ? "true" : "false"), CsvCell.Number(DevicesKnown), CsvCell.Number(DevicesDown), CsvCell.Number(OutboxPending), CsvCell.Number(AcknowledgedSequence),
        CsvCell.Text(LastError), CsvCell.Number(RefusedReadings), LastRefusal is null ? CsvCell.Text("") : CsvCell.Number(LastRefusal.Sequence),
        CsvCell.Text(LastRefusal?.Code), CsvCell.Text(LastRefusal?.Reason), CsvCell.Text(LastRefusal is null ? "" : Time(LastRefusal.At)),
        CsvCell.Number(StoredBytes), CsvCell.Number(QuotaBytes), CsvCell.Text(OverQuota ? "true" : "false"),
    ];

    private static string Time(DateTimeOffset time) => time.ToString("O", CultureInfo.InvariantCulture);
}
