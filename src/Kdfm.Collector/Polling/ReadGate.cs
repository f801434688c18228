namespace Kdfm.Collector.Polling;

/// <summary>
/// Caps the device readings in flight on a node. Without it, a discovery that finds thousands of printers (or a
/// poll-now of all of them) starts thousands of readings at once, whose traffic delays the discovery probes still
/// running until they time out and printers are missed.
/// </summary>
public sealed class ReadGate(int concurrency) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(concurrency, concurrency);

    /// <summary>Runs <paramref name="read"/> when a slot is free.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> read, CancellationToken cancellationToken = default)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await read().ConfigureAwait(false);
        }
        finally
        {
            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();
}
