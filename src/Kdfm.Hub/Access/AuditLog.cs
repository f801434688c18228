using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;

namespace Kdfm.Hub.Access;

/// <summary>Writes audit entries: who (the actor, or a name given), what, on what, when, from where, and how it ended.</summary>
public sealed class AuditLog(HubDb db, TimeProvider clock, IHttpContextAccessor http)
{
    public const string Ok = "ok";
    public const string Denied = "denied";
    public const string Failed = "failed";

    /// <summary>Records an entry and saves it (with anything else pending in the same store).</summary>
    public async Task WriteAsync(string actor, int? tenantId, string action, string target = "", string detail = "", string outcome = Ok, CancellationToken cancellationToken = default)
    {
        db.Audit.Add(new AuditEntry
        {
            At = clock.GetUtcNow(), Actor = UntrustedText.Clean(actor, 256), TenantId = tenantId, Action = action, Target = UntrustedText.Clean(target, 512),
            Detail = UntrustedText.Clean(detail, 1024), Outcome = outcome, Source = Source(),
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task WriteAsync(Actor actor, string action, string target = "", string detail = "", string outcome = Ok, CancellationToken cancellationToken = default) =>
        WriteAsync(actor.Name, actor.TenantId, action, target, detail, outcome, cancellationToken);

    /// <summary>The caller's address ("kdfm-hub" outside a request: the command line, the hub's own jobs).</summary>
    private string Source() => http.HttpContext?.Connection.RemoteIpAddress?.ToString() ?? "kdfm-hub";
}
