using System.Threading.RateLimiting;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// What all range scanners share: a cap on probes in flight and on probe packets per second, so a /16 scan stays
/// gentle on a customer LAN whatever the number of scanners.
/// </summary>
public sealed class ProbeBudget : IDisposable
{
    private readonly SemaphoreSlim _inFlight;
    private readonly RateLimiter? _rate;

    public ProbeBudget(int concurrency, int packetsPerSecond)
    {
        _inFlight = new SemaphoreSlim(concurrency, concurrency);
        _rate = packetsPerSecond <= 0 ? null : new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = Math.Max(1, packetsPerSecond / 10),
            TokensPerPeriod = Math.Max(1, packetsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = int.MaxValue,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        });
    }

    /// <summary>Waits for a slot; dispose the result to give it back.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _inFlight.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Slot(_inFlight);
    }

    /// <summary>Waits until one more packet may be sent.</summary>
    public async ValueTask PaceAsync(CancellationToken cancellationToken)
    {
        if (_rate is not null)
        {
            using var lease = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _inFlight.Dispose();
        _rate?.Dispose();
    }

    private sealed class Slot(SemaphoreSlim semaphore) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                semaphore.Release();
            }
        }
    }
}
