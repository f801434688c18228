using System.Threading.Channels;
using Kdfm.Hub.Storage;
using Microsoft.EntityFrameworkCore;

namespace Kdfm.Hub.WebAccess;

/// <summary>
/// Writes the sessions' access logs in the background, a batch at a time (a printer page is dozens of requests at
/// once), and keeps each session's count of requests and bytes; a log over Hub:DeviceWebAccess:AccessLogLimit loses its
/// oldest rows. A full queue drops the newest rows rather than slow the browsing (said in the hub's log).
/// </summary>
public sealed class AccessLogWriter(IServiceScopeFactory scopes, HubOptions options, ILogger<AccessLogWriter> logger) : BackgroundService
{
    private readonly Channel<WebSessionRequest> _queue = Channel.CreateBounded<WebSessionRequest>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true,
    });

    private long _dropped;

    public void Add(WebSessionRequest request)
    {
        if (!_queue.Writer.TryWrite(request) && Interlocked.Increment(ref _dropped) % 1000 == 1)
        {
            logger.LogWarning("The Device Web Access log queue is full: {Dropped} requests not logged so far", _dropped);
        }
    }

    /// <summary>Waits until every request added so far is written (tests, and the page that shows a log).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        while (_queue.Reader.Count > 0 || Volatile.Read(ref _writing))
        {
            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    private bool _writing;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<WebSessionRequest>();
        try
        {
            while (await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                Volatile.Write(ref _writing, true);
                while (batch.Count < 500 && _queue.Reader.TryRead(out var request))
                {
                    batch.Add(request);
                }

                try
                {
                    await WriteAsync(batch, stoppingToken).ConfigureAwait(false);
                }
                catch (DbUpdateException e)
                {
                    logger.LogWarning("Could not write {Count} Device Web Access log rows: {Error}", batch.Count, e.InnerException?.Message ?? e.Message);
                }

                batch.Clear();
                Volatile.Write(ref _writing, false);
            }
        }
        catch (OperationCanceledException)
        {
            // The hub stops.
        }
    }

    private async Task WriteAsync(List<WebSessionRequest> batch, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<HubDb>();
        db.WebSessionRequests.AddRange(batch);
        foreach (var group in batch.GroupBy(r => r.SessionId))
        {
            long requests = group.Count();
            long bytes = group.Sum(r => r.Bytes);
            await db.WebSessions.Where(w => w.Id == group.Key)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Requests, w => w.Requests + requests).SetProperty(w => w.BytesOut, w => w.BytesOut + bytes), cancellationToken)
                .ConfigureAwait(false);
        }

        await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        int limit = options.DeviceWebAccess.AccessLogLimit;
        foreach (string session in batch.Select(r => r.SessionId).Distinct())
        {
            long? cutoff = await db.WebSessionRequests.Where(r => r.SessionId == session).OrderByDescending(r => r.Id).Skip(limit).Select(r => (long?)r.Id)
                .FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            if (cutoff is not null)
            {
                await db.WebSessionRequests.Where(r => r.SessionId == session && r.Id <= cutoff).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
