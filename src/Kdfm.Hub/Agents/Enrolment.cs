using Kdfm.Hub.Security;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Agents;

/// <summary>Enrolment codes: made by an operator, redeemed once by an agent for its id and credential.</summary>
public sealed class Enrolment(HubDb db, TimeProvider clock)
{
    public const int MaxFailedAttempts = 5;

    public sealed record Created(string Code, string Tenant, DateTimeOffset ExpiresAt);

    public sealed record Activated(string AgentId, string Credential, string Tenant);

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

    /// <summary>Redeems a code; a refusal says why in words fit for the agent's operator (never which part was wrong).</summary>
    public async Task<(Activated? Agent, string? Refusal)> ActivateAsync(string code, string hostName, string version, CancellationToken cancellationToken)
    {
        string normalized = new([.. code.Trim().ToUpperInvariant().Where(c => c != '-' && c != ' ')]);
        if (normalized.Length != 16)
        {
            return (null, "not an enrolment code (expected XXXX-XXXX-XXXX-XXXX)");
        }

        string id = normalized[..4];
        var entry = await db.Codes.FirstOrDefaultAsync(c => c.Id == id, cancellationToken).ConfigureAwait(false);
        if (entry is null)
        {
            return (null, "unknown or wrong enrolment code");
        }

        if (entry.FailedAttempts >= MaxFailedAttempts)
        {
            return (null, "this enrolment code is dead after 5 failed attempts: ask for a new one");
        }

        if (!Secrets.Matches(normalized[4..], entry.SecretHash))
        {
            entry.FailedAttempts++;
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            return (null, entry.FailedAttempts >= MaxFailedAttempts
                ? "wrong enrolment code; it is now dead after 5 failed attempts"
                : "unknown or wrong enrolment code");
        }

        if (entry.UsedByAgent is not null)
        {
            return (null, "this enrolment code has been used already");
        }

        var now = clock.GetUtcNow();
        if (entry.ExpiresAt < now)
        {
            return (null, $"this enrolment code expired on {entry.ExpiresAt:yyyy-MM-dd}");
        }

        string agentId = "agt_" + Secrets.NewCode(10).ToLowerInvariant();
        string credential = Secrets.NewToken();
        db.Agents.Add(new AgentRecord
        {
            Id = agentId, TenantId = entry.TenantId, CredentialHash = Secrets.Hash(credential), HostName = hostName, Version = version, ActivatedAt = now,
        });
        entry.UsedByAgent = agentId;
        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        string tenant = (await db.Tenants.SingleAsync(t => t.Id == entry.TenantId, cancellationToken).ConfigureAwait(false)).Name;
        return (new Activated(agentId, credential, tenant), null);
    }
}
