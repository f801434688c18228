using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Kdfm.Hub.Storage;

/// <summary>For <c>dotnet ef migrations add NAME --context SqliteHubDb --output-dir Storage/Migrations/Sqlite</c>.</summary>
public sealed class SqliteHubDbDesignFactory : IDesignTimeDbContextFactory<SqliteHubDb>
{
    public SqliteHubDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteHubDb>().UseSqlite("Data Source=design-time.db").Options);
}
