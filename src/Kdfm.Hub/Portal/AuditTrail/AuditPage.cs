namespace Kdfm.Hub.Portal.AuditTrail;

/// <summary>A page of the audit log, newest first, and how many entries match in all.</summary>
public sealed record AuditPage(IReadOnlyList<AuditRow> Rows, int Total, int Page, int PageSize)
{
    public int Pages => Math.Max(1, (Total + PageSize - 1) / PageSize);
}
