namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// What the devices list shows: a search over name, model, serial, address, location and key; filters (a tenant of the
/// caller's subtree with the tenants below it, a vendor, a <see cref="FleetStatus"/>, supplies below a percent, devices
/// with alerts); a sort column (<see cref="Sorts"/>) and a page (from 1).
/// </summary>
public sealed record DeviceQuery(string? Search = null, int? TenantId = null, string? Vendor = null, string? Status = null, int? SupplyBelow = null,
    bool WithAlerts = false, string? Sort = null, bool Descending = false, int Page = 1)
{
    public const int PageSize = 50;

    public const string DefaultSort = "name";

    /// <summary>The columns a list may be sorted by.</summary>
    public static readonly IReadOnlyList<string> Sorts = ["name", "tenant", "vendor", "model", "serial", "address", "location", "status", "supply", "pages", "seen"];

    /// <summary>The sort column, <see cref="DefaultSort"/> for one that is not a column.</summary>
    public string SortColumn => Sort is not null && Sorts.Contains(Sort) ? Sort : DefaultSort;

    public int PageNumber => Math.Max(1, Page);
}
