using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>Enrolment codes: made by an operator, redeemed once by an agent for its id and credential.</summary>
public sealed class Enrolment(HubDb db, TimeProvider clock)
{
    public const int MaxFailedAttempts = 5;

    /// <summary>The one answer to an unknown code id and to a known id with a wrong secret: an id alone reveals nothing.</summary>
    public const string UnknownOrWrongMessage = "unknown or wrong enrolment code";

    /// <summary>Compared against when the id is unknown, so that an unknown id costs the same hash work as a known one.</summary>
    private static readonly string UnknownCodeHash = Secrets.Hash(Secrets.NewCode(12));

    public sealed record Created(string Code, string Tenant, DateTimeOffset ExpiresAt);

    public sealed record Activated(string AgentId, string Credential, string Tenant);

    public enum RefusalKind
    {
        /// <summary>Not of the form XXXX-XXXX-XXXX-XXXX.</summary>
        Malformed,

        /// <summary>No such id, or the secret is wrong (one answer for both).</summary>
        UnknownOrWrong,

        /// <summary>The whole code is right, but five wrong secrets killed it before.</summary>
        Dead,

        /// <summary>The whole code is right, but an agent has redeemed it already.</summary>
        Used,

        /// <summary>The whole code is right, but it is past its date.</summary>
        Expired,
    }

    /// <summary>Why a code was refused, in words fit for the agent's operator.</summary>
    public sealed record Refusal(RefusalKind Kind, string Message);

    /// <summary>
    /// A code for an agent of <paramref name="tenant"/>, which must be a customer or a site (an agent collects for one
    /// customer's network); else null and why.
    /// </summary>
    public async Task<(Created? Code, string? Problem)> CreateCodeAsync(Tenant tenant, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (tenant.Kind is not (TenantKinds.Customer or TenantKinds.Site))
        {
            return (null, $"{tenant.Name} is a {tenant.Kind}: an agent belongs to a customer or a site");
        }

        string id = Secrets.NewCode(4);
        string secret = Secrets.NewCode(12);
        var now = clock.GetUtcNow();
        // Guesses at this id made before the code existed do not count against it.
        await db.EnrolmentFailures.Where(f => f.CodeId == id).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
        db.Codes.Add(new EnrolmentCode { Id = id, SecretHash = Secrets.Hash(secret), TenantId = tenant.Id, CreatedAt = now, ExpiresAt = now + lifetime });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return (new Created($"{id}-{secret[..4]}-{secret[4..8]}-{secret[8..]}", tenant.Name, now + lifetime), null);
    }

    /// <summary>
    /// Redeems a code. Only the holder of the whole code learns the code's state (dead, used, expired); an unknown id and
    /// a wrong secret get the same answer after the same work: one look-up, one hash, and one committed write (the id's
    /// failure count, upserted whether a code has the id or not). Parallel calls are safe: the failure count is incremented
    /// in the database, and the code is claimed by one conditional update, so one code gives one agent.
    /// </summary>
    public async Task<(Activated? Agent, Refusal? Refusal)> ActivateAsync(string code, string hostName, string version, CancellationToken cancellationToken)
    {
        string normalized = new([.. code.Trim().ToUpperInvariant().Where(c => c != '-' && c != ' ')]);
        if (normalized.Length != 16 || !Secrets.IsCode(normalized))
        {
            // Refused before any look-up: ids outside the code alphabet would each make a row of failures.
            return (null, new Refusal(RefusalKind.Malformed, "not an enrolment code (expected XXXX-XXXX-XXXX-XXXX)"));
        }

        string id = normalized[..4];
        var entry = await db.Codes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        bool secretMatches = Secrets.Matches(normalized[4..], entry?.SecretHash ?? UnknownCodeHash);
        var now = clock.GetUtcNow();
        if (entry is null || !secretMatches)
        {
            // One statement, not a read then a write: parallel wrong guesses each count; the same for a known and an unknown id.
            await db.Database.ExecuteSqlInterpolatedAsync($"""
                INSERT INTO "EnrolmentFailures" ("CodeId", "Count", "LastFailedAt") VALUES ({id}, 1, {UnixMillisecondsConverter.ToStore(now)})
                ON CONFLICT ("CodeId") DO UPDATE SET "Count" = "EnrolmentFailures"."Count" + 1, "LastFailedAt" = excluded."LastFailedAt"
                """, cancellationToken).ConfigureAwait(false);
            return (null, new Refusal(RefusalKind.UnknownOrWrong, UnknownOrWrongMessage));
        }

        int failures = await FailuresAsync(id, cancellationToken).ConfigureAwait(false);
        if (StateRefusal(entry, failures, now) is { } refusal)
        {
            return (null, refusal);
        }

        string agentId = "agt_" + Secrets.NewCode(10).ToLowerInvariant();
        string credential = Secrets.NewToken();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The claim: of parallel redemptions, exactly one changes the row (PostgreSQL re-checks the condition on the row a
        // concurrent update left; SQLite has one writer at a time).
        int claimed = await db.Codes.Where(c => c.Id == id && c.UsedByAgent == null && c.ExpiresAt >= now
                && !db.EnrolmentFailures.Any(f => f.CodeId == c.Id && f.Count >= MaxFailedAttempts))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedByAgent, agentId), cancellationToken).ConfigureAwait(false);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var current = await db.Codes.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
            return (null, StateRefusal(current, await FailuresAsync(id, cancellationToken).ConfigureAwait(false), now) ?? new Refusal(RefusalKind.Used, UsedMessage));
        }

        db.Agents.Add(new AgentRecord
        {
            Id = agentId, TenantId = entry.TenantId, CredentialHash = Secrets.Hash(credential), HostName = hostName, Version = version, ActivatedAt = now,
        });
        db.Audit.Add(new AuditEntry
        {
            At = now, TenantId = entry.TenantId, Actor = agentId, Action = Access.AuditActions.AgentActivated, Target = agentId,
            Detail = UntrustedText.Clean($"code {id}, host {hostName}, version {version}", 512), Source = "agent",
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        string tenant = (await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == entry.TenantId, cancellationToken).ConfigureAwait(false)).Name;
        return (new Activated(agentId, credential, tenant), null);
    }

    /// <summary>
    /// Drops the failure counts no code needs: of ids without a live code (unknown, used or expired), a day after their last
    /// failure. Returns how many.
    /// </summary>
    public Task<int> ForgetFailuresAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - TimeSpan.FromDays(1);
        return db.EnrolmentFailures.Where(f => f.LastFailedAt < cutoff && !db.Codes.Any(c => c.Id == f.CodeId && c.UsedByAgent == null && c.ExpiresAt >= now))
            .ExecuteDeleteAsync(cancellationToken);
    }

    private Task<int> FailuresAsync(string id, CancellationToken cancellationToken) =>
        db.EnrolmentFailures.Where(f => f.CodeId == id).Select(f => f.Count).FirstOrDefaultAsync(cancellationToken);

    private const string UsedMessage = "this enrolment code has been used already";

    /// <summary>Why a code the caller holds whole cannot be redeemed, if it cannot.</summary>
    private static Refusal? StateRefusal(EnrolmentCode entry, int failures, DateTimeOffset now) =>
        entry.UsedByAgent is not null ? new Refusal(RefusalKind.Used, UsedMessage)
        : failures >= MaxFailedAttempts ? new Refusal(RefusalKind.Dead, $"this enrolment code is dead after {MaxFailedAttempts} failed attempts: ask for a new one")
        : entry.ExpiresAt < now ? new Refusal(RefusalKind.Expired, $"this enrolment code expired on {entry.ExpiresAt:yyyy-MM-dd}")
        : null;
}
