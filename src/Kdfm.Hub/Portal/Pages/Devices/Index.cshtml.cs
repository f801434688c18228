using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Portal.Fleet;
using Kdfm.Hub.Storage;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Devices;

/// <summary>The devices list (<see cref="DeviceList"/>): the filters come in the query string, so a filtered list is a link (the dashboard's figures).</summary>
[Authorize(Policy = FleetPolicies.ViewFleet)]
public sealed class IndexModel(ActorAccessor actors, DeviceList list, HandlerPermission permission) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Search { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Tenant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Vendor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? SupplyBelow { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Alerts { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Desc { get; set; }

    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public DevicePage Result { get; private set; } = new([], 0, 1);

    public IReadOnlyList<Tenant> Tenants { get; private set; } = [];

    public IReadOnlyList<string> Vendors { get; private set; } = [];

    public bool CanExport { get; private set; }

    public DeviceQuery Query => new(Search, Tenant, Vendor, Status, SupplyBelow, Alerts, Sort, Desc, PageNumber);

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        CanExport = actor.Can(Permission.ViewMetersAndExport);
        Tenants = await list.TenantsAsync(actor, cancellationToken).ConfigureAwait(false);
        Vendors = await list.VendorsAsync(actor, cancellationToken).ConfigureAwait(false);
        Result = await list.PageAsync(actor, Query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The filtered list as CSV (every page): needs view meters and export, and is audited.</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken cancellationToken)
    {
        if (await permission.RequireAsync(Permission.ViewMetersAndExport, cancellationToken).ConfigureAwait(false) is not { } actor)
        {
            return Forbid();
        }

        string csv = await list.ExportAsync(actor, Query with { Page = 1 }, cancellationToken).ConfigureAwait(false);
        return File(System.Text.Encoding.UTF8.GetBytes(csv), CsvTable.ContentType, "devices.csv");
    }

    /// <summary>The route values of this list with some changed (a sort column, a page).</summary>
    public Dictionary<string, string> With(string? sort = null, bool? desc = null, int? page = null) => new Dictionary<string, string?>
    {
        ["q"] = Search, ["tenant"] = Tenant?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["vendor"] = Vendor, ["status"] = Status,
        ["supplyBelow"] = SupplyBelow?.ToString(System.Globalization.CultureInfo.InvariantCulture), ["alerts"] = Alerts ? "true" : null,
        ["sort"] = sort ?? Sort, ["desc"] = (desc ?? Desc) ? "true" : null,
        ["p"] = (page ?? PageNumber).ToString(System.Globalization.CultureInfo.InvariantCulture),
    }.Where(v => !string.IsNullOrEmpty(v.Value)).ToDictionary(v => v.Key, v => v.Value!);

    /// <summary>A column header's link: sorts by it, or reverses the order when it is the sort already.</summary>
    public Dictionary<string, string> SortBy(string column) => With(column, Query.SortColumn == column ? !Desc : false, 1);
}
