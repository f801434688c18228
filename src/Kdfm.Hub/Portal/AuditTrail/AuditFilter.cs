namespace Kdfm.Hub.Portal.AuditTrail;

/// <summary>
/// Which entries of the audit log to show: a range of days (UTC, both ends included), text in the actor's name, one
/// action, one tenant (and its subtree), one outcome; <see cref="Page"/> counts from 1.
/// </summary>
public sealed record AuditFilter(DateOnly? From = null, DateOnly? To = null, string? User = null, string? Action = null, int? TenantId = null, string? Outcome = null, int Page = 1);
