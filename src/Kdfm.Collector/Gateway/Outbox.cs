using Akka.Actor;
using Akka.Event;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Collector.Devices;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// Uploads what the device actors persisted, oldest first, in batches, and moves the acknowledged position only when the
/// hub says it has stored them (the hub's answer is the highest sequence it holds). A hub that is down or refuses costs
/// nothing but time: the readings stay in the journal and the outbox retries with back-off, then catches up.
/// </summary>
public sealed class Outbox : ReceiveActor, IWithTimers
{
    /// <summary>Readings per upload: 2,000 (about 4 MB) gave the hub 1.2x the readings/s of 500 (bench ingest --batch).</summary>
    public const int BatchSize = 2000;

    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackOff = TimeSpan.FromSeconds(60);

    private readonly TimeSpan _keep;
    private readonly HubConnection _hub;
    private readonly JournalOutbox _journal;
    private readonly GatewayStatus _status;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private JournalOutbox.Position? _position;
    private bool _busy;
    private bool _again;
    private int _failures;

    public Outbox(HubConnection hub, JournalOutbox journal, GatewayStatus status, TimeSpan keepAcknowledged)
    {
        _keep = keepAcknowledged;
        _hub = hub;
        _journal = journal;
        _status = status;
        Receive<HubAcknowledged>(OnHubAcknowledged);
        Receive<Flush>(_ =>
        {
            if (!Timers.IsTimerActive("retry"))
            {
                Upload(); // while backing off after a failure, only the retry timer uploads
            }
        });
        Receive<Retry>(_ => Upload());
        Receive<Compact>(compact =>
        {
            var journal = _journal;
            var keep = _keep;
            var log = _log;
            _ = Task.Run(() =>
            {
                try
                {
                    int deleted = journal.CompactAcknowledged(keep, DateTimeOffset.UtcNow);
                    if (deleted > 0)
                    {
                        log.Info("Deleted {0} readings acknowledged by the hub and older than {1:F0} days from the local store", deleted, keep.TotalDays);
                    }
                }
                catch (Microsoft.Data.Sqlite.SqliteException e)
                {
                    log.Warning("Could not delete old acknowledged readings: {0}", e.Message);
                }
            });
        });
        Receive<DevicePolled>(_ => Timers.StartSingleTimer("soon", new Flush(), TimeSpan.FromMilliseconds(200)));
        Receive<Uploaded>(OnUploaded);
        Receive<UploadFailed>(OnFailed);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(HubConnection hub, JournalOutbox journal, GatewayStatus status, TimeSpan keepAcknowledged) =>
        Akka.Actor.Props.Create(() => new Outbox(hub, journal, status, keepAcknowledged));

    /// <summary>From the poller: the highest sequence the hub holds for this agent (fixes the base on first contact).</summary>
    public sealed record HubAcknowledged(long Sequence);

    /// <summary>Upload what is pending now.</summary>
    public sealed record Flush;

    private sealed record Uploaded(long Acknowledged, int Count, bool Full, long Pending);

    private sealed record UploadFailed(string Reason);

    private sealed record Retry;

    private sealed record Compact;

    protected override void PreStart()
    {
        Context.System.EventStream.Subscribe(Self, typeof(DevicePolled));
        Timers.StartPeriodicTimer("tick", new Flush(), Idle);
        if (_keep > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer("compact", new Compact(), TimeSpan.FromMinutes(5), TimeSpan.FromHours(1));
        }
    }

    private void OnHubAcknowledged(HubAcknowledged acknowledged)
    {
        if (_position is null)
        {
            _position = _journal.FixBase(acknowledged.Sequence);
            Upload();
        }
    }

    private void Upload()
    {
        if (_position is null)
        {
            return; // the first poll has not told us where the hub stands yet
        }

        if (_busy)
        {
            _again = true;
            return;
        }

        _busy = true;
        _again = false;
        var position = _position;
        var hub = _hub;
        var journal = _journal;
        UploadAsync(hub, journal, position).PipeTo(Self, failure: e => new UploadFailed(e is RpcException rpc ? Activation.Describe(rpc, hub.Hub, hub.Pin) : e.Message));
    }

    private static async Task<object> UploadAsync(HubConnection hub, JournalOutbox journal, JournalOutbox.Position position)
    {
        var batch = await Task.Run(() => journal.NextBatch(position, BatchSize)).ConfigureAwait(false);
        if (batch.Count == 0)
        {
            return new Uploaded(position.Acknowledged, 0, false, 0);
        }

        var request = new UploadRequest();
        foreach (var reading in batch)
        {
            request.Readings.Add(new Reading { Sequence = reading.Sequence, DeviceKey = reading.Snapshot.Key, SnapshotJson = SnapshotJson.SerializeCompact(reading.Snapshot) });
        }

        var response = await hub.Client.UploadAsync(request, hub.Call(TimeSpan.FromSeconds(60), CancellationToken.None)).ConfigureAwait(false);
        // Released only up to what this batch held and the hub confirms.
        long acknowledged = Math.Min(response.AcknowledgedSequence, batch[^1].Sequence);
        await Task.Run(() => journal.Acknowledge(acknowledged)).ConfigureAwait(false);
        long pending = await Task.Run(journal.PendingCount).ConfigureAwait(false);
        return new Uploaded(acknowledged, batch.Count, batch.Count == BatchSize, pending);
    }

    private void OnUploaded(Uploaded uploaded)
    {
        _busy = false;
        _position = _position! with { Acknowledged = Math.Max(_position.Acknowledged, uploaded.Acknowledged) };
        if (_failures > 0)
        {
            _log.Info("Uploads to the hub work again");
            _failures = 0;
        }

        if (uploaded.Count > 0)
        {
            _status.Update(s => s with
            {
                LastUploadOkAt = DateTimeOffset.UtcNow, UploadError = string.Empty, Uploaded = s.Uploaded + uploaded.Count,
                AcknowledgedSequence = uploaded.Acknowledged, OutboxPending = uploaded.Pending,
            });
        }

        if (uploaded.Full || _again)
        {
            Upload();
        }
    }

    private void OnFailed(UploadFailed failed)
    {
        _busy = false;
        _failures++;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, Math.Min(_failures, 6))));
        _log.Warning("Upload to the hub failed ({0}); readings stay in the outbox, next try in {1:F0} s", failed.Reason, delay.TotalSeconds);
        _status.Update(s => s with { UploadError = failed.Reason });
        Timers.StartSingleTimer("retry", new Retry(), delay);
    }
}
