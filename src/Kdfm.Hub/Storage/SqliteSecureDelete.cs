using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Kdfm.Hub.Storage;

/// <summary>
/// <c>PRAGMA secure_delete = ON</c> on every SQLite connection the hub opens (the setting is per connection): deleted and
/// overwritten content (an SNMP secret withdrawn from a task, a credential hash) is overwritten with zeros in the database
/// file instead of lingering in free space. Its old copies in the write-ahead log go with the next checkpoint
/// (<see cref="SecretsCheckpoint"/>).
/// </summary>
public sealed class SqliteSecureDelete : DbConnectionInterceptor
{
    public static readonly SqliteSecureDelete Instance = new();

    private const string Pragma = "PRAGMA secure_delete = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
