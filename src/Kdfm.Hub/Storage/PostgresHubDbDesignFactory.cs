using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kdfm.Hub.Storage;

/// <summary>For <c>dotnet ef migrations add NAME --context PostgresHubDb --output-dir Storage/Migrations/Postgres</c> (no server is needed).</summary>
public sealed class PostgresHubDbDesignFactory : IDesignTimeDbContextFactory<PostgresHubDb>
{
    public PostgresHubDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresHubDb>().UseNpgsql("Host=localhost;Database=design-time").Options);
}
