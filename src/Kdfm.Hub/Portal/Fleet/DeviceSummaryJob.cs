using System.Threading.Channels;

namespace Kdfm.Hub.Portal.Fleet;

/// <summary>
/// Runs <see cref="DeviceSummaries.CatchUpAsync"/> at start (an upgraded database catches up) and after each upload that
/// stored readings (<see cref="Request"/>: cheap, never waits; requests made before it runs are one), and every
/// <see cref="Interval"/> in case one was missed.
/// </summary>
public sealed class DeviceSummaryJob(IServiceScopeFactory scopes, TimeProvider clock, ILogger<DeviceSummaryJob> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _turn = new(1, 1);

    private readonly Channel<bool> _requests = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    public void Request() => _requests.Writer.TryWrite(true);

    /// <summary>One catch-up at a time in this hub (the job's, or one run by hand): two would write the same counters.</summary>
    public async Task<IDisposable> TurnAsync(CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken).ConfigureAwait(false);
        return new Turn(_turn);
    }

    public override void Dispose()
    {
        _turn.Dispose();
        base.Dispose();
    }

    private sealed class Turn(SemaphoreSlim turn) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                turn.Release();
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        _ = Tick(timer, stoppingToken);
        Request();
        await foreach (bool _ in _requests.Reader.ReadAllAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var (readings, devices) = await scope.ServiceProvider.GetRequiredService<DeviceSummaries>().CatchUpAsync(stoppingToken).ConfigureAwait(false);
                if (readings + devices > 0)
                {
                    logger.LogDebug("Summaries: counters of {Readings} reading(s), {Devices} device(s) updated", readings, devices);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be busy or away for a moment: the next request or tick tries again.
                logger.LogWarning("Device summaries failed, trying again at the next upload or in {Minutes} min: {Error}", Interval.TotalMinutes, e.Message);
            }
        }
    }

    private async Task Tick(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Request();
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
