namespace Kdfm.Hub.Portal.AuditTrail;

/// <summary>One entry of the audit log as the page and the CSV show it, with its tenant's name.</summary>
public sealed record AuditRow(long Id, DateTimeOffset At, string Actor, string? TenantName, string Action, string Target, string Detail, string Outcome, string Source);
