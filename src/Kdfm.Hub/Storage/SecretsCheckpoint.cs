using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.Storage;

/// <summary>
/// After SNMP secrets are withdrawn from the database (a task handed out, expired or withdrawn), their old copies still sit
/// in SQLite's write-ahead log until a checkpoint copies the pages back and the log is reused. Asked for by whoever
/// withdrew them (<see cref="Request"/>: cheap, never waits), this runs <c>PRAGMA wal_checkpoint(TRUNCATE)</c> in the
/// background, which empties the log file; with <see cref="SqliteSecureDelete"/> the database file keeps no old copy either.
/// A checkpoint that readers hold up is tried again a few seconds later. PostgreSQL: nothing here (its dead rows go with
/// VACUUM).
/// </summary>
public sealed class SecretsCheckpoint(IServiceScopeFactory scopes, HubOptions options, TimeProvider clock, ILogger<SecretsCheckpoint> logger) : BackgroundService
{
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    private int _completed;

    /// <summary>Checkpoints completed (for tests and the curious).</summary>
    public int Completed => Volatile.Read(ref _completed);

    /// <summary>Asks for a checkpoint soon; requests made before it runs are one.</summary>
    public void Request()
    {
        if (!HubStorage.IsPostgres(options))
        {
            _requests.Writer.TryWrite(true);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (bool _ in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            while (!await TryCheckpointAsync(stoppingToken).ConfigureAwait(false))
            {
                await Task.Delay(RetryAfter, clock, stoppingToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _completed);
        }
    }

    private async Task<bool> TryCheckpointAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<HubDb>();
            await db.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using var command = db.Database.GetDbConnection().CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                // One row: busy (1 when readers or a writer held it up), log frames, frames checkpointed.
                bool done = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetInt64(0) == 0;
                logger.LogDebug("WAL checkpoint after withdrawn secrets: {Outcome}", done ? "done" : "held up, trying again");
                return done;
            }
            finally
            {
                await db.Database.CloseConnectionAsync().ConfigureAwait(false);
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            logger.LogWarning("WAL checkpoint after withdrawn secrets failed, trying again in {Seconds} s: {Error}", RetryAfter.TotalSeconds, e.Message);
            return false;
        }
    }
}
