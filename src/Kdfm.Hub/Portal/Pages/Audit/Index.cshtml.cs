using System.Globalization;
using System.Text;
using Kdfm.Hub.Access;
using Kdfm.Hub.Api;
using Kdfm.Hub.Portal.Accounts;
using Kdfm.Hub.Portal.AuditTrail;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Kdfm.Hub.Portal.Pages.Audit;

/// <summary>The audit log of the actor's subtree: filters (days, user, action, tenant, outcome), newest first, by pages, and as CSV.</summary>
[Authorize(Policy = PermissionRequirement.PolicyPrefix + nameof(Permission.ViewAuditLog))]
public sealed class IndexModel(ActorAccessor actors, AuditSearch search, TenantAdmin tenants) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "user")]
    public string? Who { get; set; }

    [BindProperty(SupportsGet = true, Name = "action")]
    public string? ActionCode { get; set; }

    [BindProperty(SupportsGet = true)]
    public int? Tenant { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Outcome { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public AuditPage Entries { get; private set; } = new([], 0, 1, AuditSearch.PageSize);

    public IReadOnlyList<TenantRow> Tenants { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        Tenants = await tenants.TreeAsync(actor, cancellationToken).ConfigureAwait(false);
        Entries = await search.SearchAsync(actor, Filter(), cancellationToken).ConfigureAwait(false);
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        var actor = (await actors.GetAsync(cancellationToken).ConfigureAwait(false))!;
        string csv = await search.CsvAsync(actor, Filter(), cancellationToken).ConfigureAwait(false);
        return File(Encoding.UTF8.GetBytes(csv), CsvTable.ContentType, "audit.csv");
    }

    /// <summary>The query string of the current filters, on another page (or for the CSV export: page null).</summary>
    public Dictionary<string, string> Query(int? page)
    {
        var query = new Dictionary<string, string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                query[key] = value;
            }
        }

        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("user", Who);
        Add("action", ActionCode);
        Add("tenant", Tenant?.ToString(CultureInfo.InvariantCulture));
        Add("outcome", Outcome);
        Add("page", page?.ToString(CultureInfo.InvariantCulture));
        return query;
    }

    private AuditFilter Filter() => new(From, To, Who, ActionCode, Tenant, Outcome, PageNumber);
}
