namespace Kdfm.Hub.Storage;

/// <summary>
/// SQLite has one writer: the hub's uploads queue here, cheaply, instead of retrying on a busy database (measured: eight
/// concurrent uploads were slower than three without it). One per hub (a DI singleton), as the database is the hub's:
/// two hubs in one process do not wait on each other.
/// </summary>
public sealed class SqliteWriterLock : IDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);

    /// <summary>Waits for the writer's turn; the turn ends when the returned value is disposed.</summary>
    public async Task<Turn> EnterAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_writer);
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>The writer's turn, held until disposed.</summary>
    public readonly struct Turn(SemaphoreSlim writer) : IDisposable
    {
        public void Dispose() => writer.Release();
    }
}
