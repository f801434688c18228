using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>The hub's store on SQLite (the default): its migrations are in Storage/Migrations/Sqlite.</summary>
public sealed class SqliteHubDb(DbContextOptions<SqliteHubDb> options) : HubDb(options);
