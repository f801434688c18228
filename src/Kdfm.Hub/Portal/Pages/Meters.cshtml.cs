using System.Globalization;
using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages;

/// <summary>
/// Meters for billing (<see cref="MeterExport"/>): a period (from and to are days, UTC; to is included) and a tenant of
/// the caller's subtree; shown on the page, and exported as CSV (audited). The previous month by default. With a meter
/// definition (<see cref="DefinedMeters"/>), the billed meters too; a dealer's user who manages tenants sets a tenant's
/// definition here.
/// </summary>
[Authorize(Policy = FleetPolicies.ViewMetersAndExport)]
public sealed class MetersModel(ActorAccessor actors, MeterExport meters, DefinedMeters defined, DeviceList list, HandlerPermission permission, HubDb db, TimeProvider clock)
    : PageModel
{
    /// <summary>The most rows the page shows (the CSV has them all).</summary>
    public const int Shown = 500;

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Tenant { get; set; }

    /// <summary>Vendor counters too (<c>vendor:…</c>); the standard ones only by default.</summary>
    [BindProperty(SupportsGet = true)]
    public bool Vendor { get; set; }

    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public IReadOnlyList<MeterExport.Meter> Meters { get; private set; } = [];

    public IReadOnlyList<DefinedMeters.Billed> Billed { get; private set; } = [];

    /// <summary>The selected tenant's own definition as typed (the form), and the one that applies with the tenant it comes from.</summary>
    [BindProperty]
    public string? Definition { get; set; }

    public (MeterDefinition? Definition, Tenant? From) Applies { get; private set; }

    /// <summary>The definition that applies, on one line.</summary>
    public string? AppliesText => Applies.Definition?.ToString().Replace('\n', ';').Replace(";", "; ", StringComparison.Ordinal);

    /// <summary>True when the caller may set the selected tenant's definition (<see cref="DefinedMeters.SetAsync"/> decides again).</summary>
    public bool CanDefine { get; private set; }

    public string? DefinitionProblem { get; private set; }

    public string? Problem { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Tenants = await list.TenantsAsync(actor, cancellationToken).ConfigureAwait(false);
        var (from, to) = Period();
        if (from >= to)
        {
            Problem = "The period ends before it begins.";
            return;
        }

        Meters = await meters.MetersAsync(actor, Tenant, from, to, cancellationToken, Vendor).ConfigureAwait(false);
        Billed = await defined.MetersAsync(actor, Tenant, from, to, cancellationToken).ConfigureAwait(false);
        await DefinitionFormAsync(actor, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnPostDefinitionAsync(CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.ManageTenants, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        if (Tenant is not { } id)
        {
            return BadRequest("Choose a tenant first.");
        }

        switch (await defined.SetAsync(actor, id, Definition, cancellationToken).ConfigureAwait(false))
        {
            case DefinedMeters.SetOutcome.Refused:
                return Forbid();
            case DefinedMeters.SetOutcome.Invalid(var problem):
                DefinitionProblem = problem.Entry > 0 ? $"Meter {problem.Entry}: {problem.Reason}" : problem.Reason;
                Tenants = await list.TenantsAsync(actor, cancellationToken).ConfigureAwait(false);
                await DefinitionFormAsync(actor, cancellationToken, keepTyped: true).ConfigureAwait(false);
                return Page();
            default:
                return RedirectToPage(new { from = From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), to = To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), tenant = Tenant, vendor = Vendor });
        }
    }

    private async Task DefinitionFormAsync(Actor actor, CancellationToken cancellationToken, bool keepTyped = false)
    {
        if (Tenant is not { } id || !actor.Sees(id))
        {
            return;
        }

        var tree = await DefinedMeters.TreeAsync(db, cancellationToken).ConfigureAwait(false);
        Applies = DefinedMeters.For(tree, id);
        CanDefine = DefinedMeters.MayDefine(actor, tree);
        if (!keepTyped)
        {
            Definition = tree[id]?.MeterDefinition;
        }
    }

    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        var (from, to) = Period();
        if (from >= to)
        {
            return BadRequest("The period ends before it begins.");
        }

        string tenantName = Tenant is { } id
            ? (await list.TenantsAsync(actor, cancellationToken).ConfigureAwait(false)).FirstOrDefault(t => t.Id == id)?.Name ?? $"tenant #{id} (not visible)"
            : PortalText.TenantLabel(actor);
        bool billed = Request.Query.ContainsKey("billed") || (Request.HasFormContentType && Request.Form.ContainsKey("billed"));
        string csv = billed
            ? await defined.ExportAsync(actor, Tenant, tenantName, from, to, cancellationToken).ConfigureAwait(false)
            : await meters.ExportAsync(actor, Tenant, tenantName, from, to, cancellationToken, Vendor).ConfigureAwait(false);
        string name = $"{(billed ? "billed-meters" : "meters")}-{From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
        return File(System.Text.Encoding.UTF8.GetBytes(csv), CsvTable.ContentType, name);
    }

    /// <summary>[from 00:00, the day after to 00:00) UTC; the previous month when not given.</summary>
    private (DateTimeOffset From, DateTimeOffset To) Period()
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);
        From ??= firstOfMonth.AddMonths(-1);
        To ??= firstOfMonth.AddDays(-1);
        return (new DateTimeOffset(From.Value.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), new DateTimeOffset(To.Value.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
    }
}
