using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// The meters a dealer bills (issue 14): each device's counters in a period (<see cref="MeterExport"/>, billing values)
/// added up as its tenant's <see cref="MeterDefinition"/> says — the nearest tenant above the device with a definition
/// decides. A meter one of whose counters the device did not report in the period is shown with what is missing and no
/// pages; the flags of every counter it adds are shown with it. As CSV, audited.
/// </summary>
public sealed class DefinedMeters(HubDb db, MeterExport meters, AuditLog audit)
{
    public static readonly string[] CsvHeader =
        ["tenant", "key", "sysName", "vendor", "model", "serial", "meter", "counters", "startAt", "start", "endAt", "end", "pages", "flags", "missing"];

    /// <param name="Counters">The definition of the meter ("print.mono + copy.mono").</param>
    /// <param name="Missing">The counters the meter adds that the device did not report in the period; null when none.</param>
    public sealed record Billed(string Tenant, string Key, string? SysName, string? Vendor, string? Model, string? Serial, string Meter, string Counters,
        DateTimeOffset? StartAt, long? Start, DateTimeOffset? EndAt, long? End, long? Pages, string? Flags, string? Missing);

    /// <summary>What <see cref="SetAsync"/> did: saved (the normal form, null = inherited), refused (audited), or the definition's first problem.</summary>
    public abstract record SetOutcome
    {
        public sealed record Saved(string? Definition) : SetOutcome;

        public sealed record Refused : SetOutcome;

        public sealed record Invalid(MeterDefinition.Problem Problem) : SetOutcome;
    }

    /// <summary>
    /// Every tenant, with only what meter definitions need (identity, kind, parent, definition): never the sign-in
    /// settings or the protected OIDC client secret a whole row carries.
    /// </summary>
    public static async Task<TenantTree> TreeAsync(HubDb db, CancellationToken cancellationToken) =>
        new(await db.Tenants.AsNoTracking()
            .Select(t => new Tenant { Id = t.Id, Name = t.Name, Kind = t.Kind, ParentId = t.ParentId, MeterDefinition = t.MeterDefinition })
            .ToListAsync(cancellationToken).ConfigureAwait(false));

    /// <summary>True when <paramref name="actor"/> may set definitions at all: the operator, or a dealer's user who manages tenants.</summary>
    public static bool MayDefine(Actor actor, TenantTree tree) =>
        actor.Can(Permission.ManageTenants) && (actor.TenantId is null || (actor.TenantId is { } own && tree[own]?.Kind == TenantKinds.Dealer));

    /// <summary>The definition that applies to <paramref name="tenantId"/>'s devices, and the tenant that set it; nulls when none does.</summary>
    public static (MeterDefinition? Definition, Tenant? From) For(TenantTree tree, int tenantId) =>
        tree.Nearest(tenantId, t => !string.IsNullOrWhiteSpace(t.MeterDefinition)) is { } from && MeterDefinition.Parse(from.MeterDefinition).Definition is { } definition
            ? (definition, from)
            : (null, null);

    /// <summary>The billed meters of every device with a definition; devices without one are left out (their counters are in <see cref="MeterExport"/>).</summary>
    public async Task<IReadOnlyList<Billed>> MetersAsync(Actor actor, int? tenantId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Every tenant, not only the caller's: a customer's user bills by the dealer's definition above them.
        var tree = await TreeAsync(db, cancellationToken).ConfigureAwait(false);
        var counters = await meters.MetersAsync(actor, tenantId, from, to, cancellationToken).ConfigureAwait(false);
        var billed = new List<Billed>();
        foreach (var device in counters.GroupBy(m => (m.TenantId, m.Tenant, m.Key)))
        {
            if (For(tree, device.Key.TenantId).Definition is not { } definition)
            {
                continue;
            }

            var byName = device.ToDictionary(m => m.Counter, StringComparer.Ordinal);
            var any = device.First();
            foreach (var meter in definition.Meters)
            {
                var parts = meter.Counters.Select(c => byName.GetValueOrDefault(c)).ToList();
                var missing = meter.Counters.Where(c => !byName.ContainsKey(c)).ToList();
                var present = parts.OfType<MeterExport.Meter>().ToList();
                var flags = present.Where(p => p.Flags is not null).SelectMany(p => p.Flags!.Split(',')).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
                bool whole = missing.Count == 0;
                billed.Add(new Billed(any.Tenant, any.Key, any.SysName, any.Vendor, any.Model, any.Serial, meter.Name, string.Join(" + ", meter.Counters),
                    whole ? present.Min(p => p.StartAt) : null, whole ? present.Sum(p => p.Start) : null,
                    whole ? present.Max(p => p.EndAt) : null, whole ? present.Sum(p => p.End) : null,
                    whole && present.All(p => p.Pages is not null) ? present.Sum(p => p.Pages!.Value) : null,
                    flags.Count > 0 ? string.Join(',', flags) : null, whole ? null : string.Join(", ", missing)));
            }
        }

        return billed;
    }

    /// <summary>The billed meters as CSV, and an audit entry naming the period and the tenant.</summary>
    public async Task<string> ExportAsync(Actor actor, int? tenantId, string tenantName, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var billed = await MetersAsync(actor, tenantId, from, to, cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.Export, "billed meters",
            $"CSV from the portal: {tenantName}, {MeterExport.Time(from)} to {MeterExport.Time(to)}, {billed.Count} meter(s)", cancellationToken: cancellationToken).ConfigureAwait(false);
        return CsvTable.Write(CsvHeader, billed.Select(b => new[]
        {
            CsvCell.Text(b.Tenant), CsvCell.Text(b.Key), CsvCell.Text(b.SysName), CsvCell.Text(b.Vendor), CsvCell.Text(b.Model), CsvCell.Text(b.Serial),
            CsvCell.Text(b.Meter), CsvCell.Text(b.Counters),
            CsvCell.Text(b.StartAt is { } s ? MeterExport.Time(s) : ""), b.Start is { } start ? CsvCell.Number(start) : CsvCell.Text(""),
            CsvCell.Text(b.EndAt is { } e ? MeterExport.Time(e) : ""), b.End is { } end ? CsvCell.Number(end) : CsvCell.Text(""),
            b.Pages is { } pages ? CsvCell.Number(pages) : CsvCell.Text(b.Missing is null ? MeterExport.NoPages : ""), CsvCell.Text(b.Flags), CsvCell.Text(b.Missing),
        }));
    }

    /// <summary>
    /// Sets <paramref name="tenantId"/>'s definition (null or blank = inherit from above), audited. Billing is the dealer's
    /// to decide: only a user of a dealer tenant (or the operator) who manages tenants, for a tenant of their subtree; any
    /// other caller is refused, and the refusal audited as <see cref="HandlerPermission"/> audits a missing permission.
    /// </summary>
    public async Task<SetOutcome> SetAsync(Actor actor, int tenantId, string? text, CancellationToken cancellationToken)
    {
        var tree = await TreeAsync(db, cancellationToken).ConfigureAwait(false);
        if (tree[tenantId] is not { } tenant || !actor.Sees(tenantId) || !MayDefine(actor, tree))
        {
            await audit.WriteAsync(actor, AuditActions.Denied, $"meter definition of tenant #{tenantId}", "needs a dealer's (or the operator's) user who manages tenants, for a tenant they see",
                AuditLog.Denied, cancellationToken).ConfigureAwait(false);
            return new SetOutcome.Refused();
        }

        string? normal = null;
        if (!string.IsNullOrWhiteSpace(text))
        {
            var parsed = MeterDefinition.Parse(text);
            if (parsed.Problem is { } problem)
            {
                return new SetOutcome.Invalid(problem);
            }

            normal = parsed.Definition!.ToString();
        }

        await db.Tenants.Where(t => t.Id == tenantId).ExecuteUpdateAsync(u => u.SetProperty(t => t.MeterDefinition, normal), cancellationToken).ConfigureAwait(false);
        await audit.WriteAsync(actor, AuditActions.TenantChanged, tenant.Name, $"meter definition: {normal?.Replace('\n', ';') ?? "inherited"}",
            cancellationToken: cancellationToken).ConfigureAwait(false);
        return new SetOutcome.Saved(normal);
    }
}
