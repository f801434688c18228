using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>The hub's store (EF Core; SQLite by default): tenants, enrolment codes and failures, agents, devices, readings, refusals, tasks.</summary>
public sealed class HubDb(DbContextOptions<HubDb> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<EnrolmentCode> Codes => Set<EnrolmentCode>();

    public DbSet<AgentRecord> Agents => Set<AgentRecord>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<Reading> Readings => Set<Reading>();

    public DbSet<AgentTask> Tasks => Set<AgentTask>();

    public DbSet<Refusal> Refusals => Set<Refusal>();

    public DbSet<EnrolmentFailures> EnrolmentFailures => Set<EnrolmentFailures>();

    /// <summary>Times as 64-bit numbers (SQLite has no date type that orders and compares): ordering by time works everywhere.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>().HasIndex(t => t.Name).IsUnique();
        modelBuilder.Entity<EnrolmentFailures>().HasKey(f => f.CodeId);
        modelBuilder.Entity<Device>().HasKey(d => new { d.TenantId, d.Key });
        modelBuilder.Entity<Reading>().HasIndex(r => new { r.AgentId, r.Sequence }).IsUnique();
        modelBuilder.Entity<Reading>().HasIndex(r => new { r.TenantId, r.DeviceKey, r.Id });
        modelBuilder.Entity<Refusal>().HasIndex(r => new { r.AgentId, r.Sequence }).IsUnique();
        modelBuilder.Entity<AgentTask>().HasIndex(t => new { t.AgentId, t.StartedAt });
    }
}

/// <summary>A time as UTC milliseconds since 1970: orders and compares in SQL, and raw SQL (the ingest) writes the same.</summary>
public sealed class UnixMillisecondsConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
    t => t.ToUnixTimeMilliseconds(), ms => DateTimeOffset.FromUnixTimeMilliseconds(ms))
{
    public static long ToStore(DateTimeOffset time) => time.ToUnixTimeMilliseconds();
}

public sealed class Tenant
{
    public int Id { get; set; }

    public required string Name { get; set; }
}

/// <summary>
/// A one-use enrolment code "ID-SECRET": the ID finds the code, the secret (stored as a hash) proves it. Five wrong
/// secrets on one ID kill the code (counted in <see cref="EnrolmentFailures"/>).
/// </summary>
public sealed class EnrolmentCode
{
    public required string Id { get; set; }

    public required string SecretHash { get; set; }

    public int TenantId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public string? UsedByAgent { get; set; }
}

public sealed class AgentRecord
{
    public required string Id { get; set; }

    public int TenantId { get; set; }

    /// <summary>SHA-256 of the credential (a 256-bit random secret: a slow hash adds nothing).</summary>
    public required string CredentialHash { get; set; }

    public string HostName { get; set; } = string.Empty;

    public string Version { get; set; } = string.Empty;

    public DateTimeOffset ActivatedAt { get; set; }

    public DateTimeOffset? LastSeenAt { get; set; }

    public bool Revoked { get; set; }

    public int DevicesKnown { get; set; }

    public int DevicesDown { get; set; }

    public long OutboxPending { get; set; }

    public string LastError { get; set; } = string.Empty;

    /// <summary>The highest reading sequence dealt with for good for this agent: stored or refused.</summary>
    public long AcknowledgedSequence { get; set; }

    /// <summary>
    /// Bytes stored for this agent: its readings' snapshot JSON (UTF-8) and its remembered refusals (<see cref="Refusal.ChargedBytes"/>
    /// each); a running total kept by the ingest, never over the quota.
    /// </summary>
    public long StoredBytes { get; set; }

    /// <summary>When an upload of this agent was last refused for its quota; cleared by the next upload that stores something.</summary>
    public DateTimeOffset? QuotaRefusedAt { get; set; }

    /// <summary>Readings of this agent refused so far (each counted when first refused; a resent one is not counted again).</summary>
    public long RefusedReadings { get; set; }

    public long? LastRefusalSequence { get; set; }

    public string? LastRefusalCode { get; set; }

    public string? LastRefusalReason { get; set; }

    public DateTimeOffset? LastRefusalAt { get; set; }
}

/// <summary>
/// A device's latest state in a tenant: its latest reading (the snapshot is stored once, in the reading) and where it
/// was read from. Which reading is the latest: see the hub's README ("the latest reading").
/// </summary>
public sealed class Device
{
    public int TenantId { get; set; }

    public required string Key { get; set; }

    /// <summary>The agent that sent the latest reading.</summary>
    public required string AgentId { get; set; }

    public string Address { get; set; } = string.Empty;

    /// <summary>When the latest reading was collected by its agent's clock, but never later than the hub received it.</summary>
    public DateTimeOffset CollectedAt { get; set; }

    /// <summary>The <see cref="Reading.Id"/> of the latest reading.</summary>
    public long LastReadingId { get; set; }

    /// <summary>The agent's sequence number of the latest reading.</summary>
    public long LastSequence { get; set; }

    public long Readings { get; set; }
}

public sealed class Reading
{
    public long Id { get; set; }

    public int TenantId { get; set; }

    public required string AgentId { get; set; }

    public long Sequence { get; set; }

    public required string DeviceKey { get; set; }

    public DateTimeOffset CollectedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public required string SnapshotJson { get; set; }
}

public sealed class AgentTask
{
    public required string Id { get; set; }

    public required string AgentId { get; set; }

    /// <summary>poll-now, rescan or set-config.</summary>
    public required string Kind { get; set; }

    public string? ConfigJson { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When a poll handed it to the agent.</summary>
    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public bool? Ok { get; set; }

    public string? Message { get; set; }
}
