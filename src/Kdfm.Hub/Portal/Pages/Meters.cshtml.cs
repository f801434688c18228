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
/// the caller's subtree; shown on the page, and exported as CSV (audited). The previous month by default.
/// </summary>
[Authorize(Policy = FleetPolicies.ViewMetersAndExport)]
public sealed class MetersModel(ActorAccessor actors, MeterExport meters, DeviceList list, TimeProvider clock) : PageModel
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
        string csv = await meters.ExportAsync(actor, Tenant, tenantName, from, to, cancellationToken, Vendor).ConfigureAwait(false);
        string name = $"meters-{From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}-{To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}.csv";
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
