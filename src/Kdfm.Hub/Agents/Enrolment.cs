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

    public async Task<Created> CreateCodeAsync(string tenantName, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var tenant = await db.Tenants.FirstOrDefaultAsync(t => t.Name == tenantName, cancellationToken).ConfigureAwait(false);
        if (tenant is null)
        {
            tenant = new Tenant { Name = tenantName };
            db.Tenants.Add(tenant);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }

        string id = Secrets.NewCode(4);
        string secret = Secrets.NewCode(12);
        var now = clock.GetUtcNow();
        db.Codes.Add(new EnrolmentCode { Id = id, SecretHash = Secrets.Hash(secret), TenantId = tenant.Id, CreatedAt = now, ExpiresAt = now + lifetime });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        return new Created($"{id}-{secret[..4]}-{secret[4..8]}-{secret[8..]}", tenantName, now + lifetime);
    }

    /// <summary>
    /// Redeems a code. Only the holder of the whole code learns the code's state (dead, used, expired); an unknown id and
    /// a wrong secret get the same answer after the same work. Parallel calls are safe: the failure count is incremented
    /// in the database, and the code is claimed by one conditional update, so one code gives one agent.
    /// </summary>
    public async Task<(Activated? Agent, Refusal? Refusal)> ActivateAsync(string code, string hostName, string version, CancellationToken cancellationToken)
    {
        string normalized = new([.. code.Trim().ToUpperInvariant().Where(c => c != '-' && c != ' ')]);
        if (normalized.Length != 16)
        {
            return (null, new Refusal(RefusalKind.Malformed, "not an enrolment code (expected XXXX-XXXX-XXXX-XXXX)"));
        }

        string id = normalized[..4];
        var entry = await db.Codes.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        bool secretMatches = Secrets.Matches(normalized[4..], entry?.SecretHash ?? UnknownCodeHash);
        if (entry is null || !secretMatches)
        {
            // One statement in the database, not a read then a write: parallel wrong guesses each count. For an unknown
            // id it changes no row, at the same cost.
            await db.Codes.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.FailedAttempts, c => c.FailedAttempts + 1), cancellationToken)
                .ConfigureAwait(false);
            return (null, new Refusal(RefusalKind.UnknownOrWrong, UnknownOrWrongMessage));
        }

        var now = clock.GetUtcNow();
        if (StateRefusal(entry, now) is { } refusal)
        {
            return (null, refusal);
        }

        string agentId = "agt_" + Secrets.NewCode(10).ToLowerInvariant();
        string credential = Secrets.NewToken();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // The claim: of parallel redemptions, exactly one changes the row (PostgreSQL re-checks the condition on the row a
        // concurrent update left; SQLite has one writer at a time).
        int claimed = await db.Codes.Where(c => c.Id == id && c.UsedByAgent == null && c.FailedAttempts < MaxFailedAttempts && c.ExpiresAt >= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UsedByAgent, agentId), cancellationToken).ConfigureAwait(false);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(cancellationToken).ConfigureAwait(false);
            var current = await db.Codes.AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
            return (null, StateRefusal(current, now) ?? new Refusal(RefusalKind.Used, UsedMessage));
        }

        db.Agents.Add(new AgentRecord
        {
            Id = agentId, TenantId = entry.TenantId, CredentialHash = Secrets.Hash(credential), HostName = hostName, Version = version, ActivatedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        string tenant = (await db.Tenants.AsNoTracking().SingleAsync(t => t.Id == entry.TenantId, cancellationToken).ConfigureAwait(false)).Name;
        return (new Activated(agentId, credential, tenant), null);
    }

    private const string UsedMessage = "this enrolment code has been used already";

    /// <summary>Why a code the caller holds whole cannot be redeemed, if it cannot.</summary>
    private static Refusal? StateRefusal(EnrolmentCode entry, DateTimeOffset now) =>
        entry.UsedByAgent is not null ? new Refusal(RefusalKind.Used, UsedMessage)
        : entry.FailedAttempts >= MaxFailedAttempts ? new Refusal(RefusalKind.Dead, $"this enrolment code is dead after {MaxFailedAttempts} failed attempts: ask for a new one")
        : entry.ExpiresAt < now ? new Refusal(RefusalKind.Expired, $"this enrolment code expired on {entry.ExpiresAt:yyyy-MM-dd}")
        : null;
}
