using System.Globalization;
using System.Reflection;
using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.AuditTrail;

/// <summary>
/// Reads the audit log for an actor: only the entries of its subtree (<see cref="Scope"/>), filtered, newest first, by
/// pages or as CSV (its cells neutralised by <see cref="CsvCell"/>: actors and targets are text from outside). An export
/// is itself audited.
/// </summary>
public sealed class AuditSearch(HubDb db, AuditLog audit)
{
    public const int PageSize = 50;

    /// <summary>The most rows one CSV export holds (the newest ones).</summary>
    public const int MaxExport = 100_000;

    public static IReadOnlyList<string> Outcomes { get; } = [AuditLog.Ok, AuditLog.Denied, AuditLog.Failed];

    /// <summary>Every action code of <see cref="AuditActions"/>, sorted.</summary>
    public static IReadOnlyList<string> Actions { get; } =
        [.. typeof(AuditActions).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order(StringComparer.Ordinal)];

    public async Task<AuditPage> SearchAsync(Actor actor, AuditFilter filter, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var query = Filtered(actor, filter, tree);
        int total = await query.CountAsync(cancellationToken).ConfigureAwait(false);
        int page = Math.Clamp(filter.Page, 1, Math.Max(1, (total + PageSize - 1) / PageSize));
        var entries = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(cancellationToken).ConfigureAwait(false);
        return new AuditPage([.. entries.Select(e => Row(e, tree))], total, page, PageSize);
    }

    /// <summary>Every matching entry (up to <see cref="MaxExport"/>, newest first) as CSV; the export is audited.</summary>
    public async Task<string> CsvAsync(Actor actor, AuditFilter filter, CancellationToken cancellationToken)
    {
        var tree = new TenantTree(await db.Tenants.AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false));
        var entries = await Filtered(actor, filter, tree).OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Take(MaxExport).ToListAsync(cancellationToken).ConfigureAwait(false);
        string csv = CsvTable.Write(["at", "actor", "tenant", "action", "target", "detail", "outcome", "source"], entries.Select(e => Row(e, tree)).Select(r => new[]
        {
            CsvCell.Text(r.At.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)), CsvCell.Text(r.Actor), CsvCell.Text(r.TenantName), CsvCell.Text(r.Action),
            CsvCell.Text(r.Target), CsvCell.Text(r.Detail), CsvCell.Text(r.Outcome), CsvCell.Text(r.Source),
        }));
        await audit.WriteAsync(actor, AuditActions.Export, "audit log", $"{entries.Count} entries as CSV", cancellationToken: cancellationToken).ConfigureAwait(false);
        return csv;
    }

    private IQueryable<AuditEntry> Filtered(Actor actor, AuditFilter filter, TenantTree tree)
    {
        var query = db.Audit.AsNoTracking().VisibleTo(actor);
        if (filter.TenantId is { } tenantId)
        {
            int[] below = actor.Sees(tenantId) ? [.. tree.Subtree(tenantId)] : [];
            query = query.Where(e => e.TenantId != null && below.Contains(e.TenantId.Value));
        }

        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            query = query.Where(e => e.At < end);
        }

        if (!string.IsNullOrWhiteSpace(filter.User))
        {
            string user = filter.User.Trim().ToLowerInvariant();
            query = query.Where(e => e.Actor.ToLower().Contains(user));
        }

        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(e => e.Action == filter.Action);
        }

        if (!string.IsNullOrWhiteSpace(filter.Outcome))
        {
            query = query.Where(e => e.Outcome == filter.Outcome);
        }

        return query;
    }

    private static AuditRow Row(AuditEntry e, TenantTree tree) =>
        new(e.Id, e.At, e.Actor, e.TenantId is { } t ? tree[t]?.Name : null, e.Action, e.Target, e.Detail, e.Outcome, e.Source);
}
