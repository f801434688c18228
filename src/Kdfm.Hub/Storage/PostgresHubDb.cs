using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>The hub's store on PostgreSQL (Hub:Database = postgresql): its migrations are in Storage/Migrations/Postgres.</summary>
public sealed class PostgresHubDb(DbContextOptions<PostgresHubDb> options) : HubDb(options);
