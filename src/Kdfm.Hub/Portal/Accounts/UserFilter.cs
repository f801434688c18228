namespace Kdfm.Hub.Portal.Accounts;

/// <summary>Which users the Users page lists: by state (<see cref="All"/>, <see cref="Active"/>, <see cref="Disabled"/>), tenant, and text in the e-mail or name.</summary>
public sealed record UserFilter(string State = UserFilter.All, int? TenantId = null, string? Text = null)
{
    public const string All = "all";
    public const string Active = "active";
    public const string Disabled = "disabled";
}
