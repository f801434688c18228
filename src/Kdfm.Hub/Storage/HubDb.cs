using Kdfm.Hub.Access;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>
/// The hub's store (EF Core): tenants, users (ASP.NET Core Identity's tables), roles, API tokens, the audit log, the
/// Data Protection keys, enrolment codes and failures, agents, devices, readings, refusals, tasks. One subclass a
/// database (<see cref="SqliteHubDb"/>, <see cref="PostgresHubDb"/>), each with its own migrations: the SQL differs.
/// </summary>
public abstract class HubDb(DbContextOptions options) : IdentityUserContext<PortalUser>(options), IDataProtectionKeyContext
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<PortalRole> Roles => Set<PortalRole>();

    public DbSet<LdapGroupRole> LdapGroupRoles => Set<LdapGroupRole>();

    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();

    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<EnrolmentCode> Codes => Set<EnrolmentCode>();

    public DbSet<AgentRecord> Agents => Set<AgentRecord>();

    public DbSet<Device> Devices => Set<Device>();

    public DbSet<Reading> Readings => Set<Reading>();

    public DbSet<DeviceCounter> DeviceCounters => Set<DeviceCounter>();

    public DbSet<AgentTask> Tasks => Set<AgentTask>();

    public DbSet<Refusal> Refusals => Set<Refusal>();

    public DbSet<EnrolmentFailures> EnrolmentFailures => Set<EnrolmentFailures>();

    public DbSet<WebSession> WebSessions => Set<WebSession>();

    public DbSet<WebSessionRequest> WebSessionRequests => Set<WebSessionRequest>();

    /// <summary>Times as 64-bit numbers (SQLite has no date type that orders and compares): ordering by time works everywhere.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder); // Identity's tables
        modelBuilder.Entity<Tenant>().HasIndex(t => t.Name).IsUnique();
        modelBuilder.Entity<Tenant>().HasIndex(t => t.ParentId);
        modelBuilder.Entity<PortalUser>().HasIndex(u => u.TenantId);
        modelBuilder.Entity<PortalRole>().HasIndex(r => new { r.TenantId, r.Name }).IsUnique();
        modelBuilder.Entity<PortalRole>().Property(r => r.Permissions).HasConversion<int>();
        modelBuilder.Entity<LdapGroupRole>().HasIndex(g => new { g.TenantId, g.GroupDn }).IsUnique();
        modelBuilder.Entity<ApiToken>().HasIndex(t => t.Hash).IsUnique();
        modelBuilder.Entity<ApiToken>().HasIndex(t => t.UserId);
        modelBuilder.Entity<AuditEntry>().HasIndex(a => new { a.TenantId, a.At });
        modelBuilder.Entity<AuditEntry>().HasIndex(a => a.At);
        modelBuilder.Entity<EnrolmentFailures>().HasKey(f => f.CodeId);
        modelBuilder.Entity<Device>().HasKey(d => new { d.TenantId, d.Key });
        modelBuilder.Entity<Device>().HasIndex(d => d.SummaryReadingId);
        // The ingest inserts devices in plain SQL without the summary: the database fills it in (DeviceSummaries updates it).
        modelBuilder.Entity<Device>().Property(d => d.SummaryReadingId).HasDefaultValue(0L);
        modelBuilder.Entity<Device>().Property(d => d.ErrorCount).HasDefaultValue(0);
        modelBuilder.Entity<Device>().Property(d => d.AlertCount).HasDefaultValue(0);
        // The fleet pages filter and sort on the summary (Portal/Fleet/DeviceList): at 10,000 devices (bench fleet).
        modelBuilder.Entity<Device>().HasIndex(d => new { d.Status, d.ErrorCount });
        modelBuilder.Entity<Device>().HasIndex(d => d.Vendor);
        modelBuilder.Entity<Device>().HasIndex(d => d.LowestSupplyPercent);
        modelBuilder.Entity<Reading>().HasIndex(r => new { r.AgentId, r.Sequence }).IsUnique();
        modelBuilder.Entity<Reading>().Property(r => r.CountersStored).HasDefaultValue(false);
        modelBuilder.Entity<Reading>().HasIndex(r => new { r.CountersStored, r.Id });
        modelBuilder.Entity<DeviceCounter>().HasKey(c => new { c.ReadingId, c.Name });
        modelBuilder.Entity<DeviceCounter>().HasIndex(c => new { c.TenantId, c.DeviceKey, c.Name, c.CollectedAt });
        modelBuilder.Entity<Reading>().HasIndex(r => new { r.TenantId, r.DeviceKey, r.Id });
        modelBuilder.Entity<Refusal>().HasIndex(r => new { r.AgentId, r.Sequence }).IsUnique();
        modelBuilder.Entity<AgentTask>().HasIndex(t => new { t.AgentId, t.StartedAt });
        modelBuilder.Entity<WebSession>().HasIndex(w => new { w.AgentId, w.ClosedAt });
        modelBuilder.Entity<WebSession>().HasIndex(w => new { w.TenantId, w.DeviceKey, w.OpenedAt });
        modelBuilder.Entity<WebSession>().HasIndex(w => w.ClosedAt);
        modelBuilder.Entity<WebSessionRequest>().HasIndex(r => new { r.SessionId, r.Id });
        foreach (var role in BuiltInRoles.All)
        {
            modelBuilder.Entity<PortalRole>().HasData(role);
        }
    }
}
