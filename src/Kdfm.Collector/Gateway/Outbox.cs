using Akka.Actor;
using Akka.Event;
using Grpc.Core;
using Kdfm.Agent.V1;
using Kdfm.Collector.Devices;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// Uploads what the device actors persisted, oldest first, in batches (<see cref="BatchUpload"/>), and moves the
/// acknowledged position only when the hub says it has dealt with them (stored, or refused for good). A hub that is down
/// costs nothing but time: the readings stay in the journal and the outbox retries with back-off, then catches up. No
/// reading can stop it: one the hub refuses, or one that cannot be sent, is skipped and shown in the status; a batch the
/// hub rejects as a whole is halved until the reading at fault is alone, and that one is skipped.
/// </summary>
public sealed class Outbox : ReceiveActor, IWithTimers
{
    /// <summary>Refusals kept in the status, the latest last.</summary>
    public const int RefusalsShown = 20;

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
    private int _batch = BatchUpload.MaxReadings;

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

    private sealed record Uploaded(BatchUpload.Outcome Outcome);

    private sealed record UploadFailed(string Reason, StatusCode? Status);

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
        BatchUpload.SendAsync(hub, _journal, position, _batch, TimeProvider.System)
            .PipeTo(Self, success: o => new Uploaded(o), failure: e => e is RpcException rpc
                ? new UploadFailed(Activation.Describe(rpc, hub.Hub, hub.Pin), rpc.StatusCode)
                : new UploadFailed(e.Message, null));
    }

    private void OnUploaded(Uploaded uploaded)
    {
        var outcome = uploaded.Outcome;
        _busy = false;
        _position = _position! with { Acknowledged = Math.Max(_position.Acknowledged, outcome.Acknowledged) };
        _batch = Math.Min(BatchUpload.MaxReadings, _batch * 2); // after a halving: back to full batches, step by step
        if (_failures > 0)
        {
            _log.Info("Uploads to the hub work again");
            _failures = 0;
        }

        foreach (var refusal in outcome.Refused)
        {
            _log.Warning("Reading {0} ({1}) skipped: {2}: {3}", refusal.Sequence, refusal.DeviceKey ?? "unknown device", refusal.Code, refusal.Reason);
        }

        if (outcome.Sent > 0 || !outcome.Refused.IsEmpty)
        {
            _status.Update(s => s with
            {
                LastUploadOkAt = outcome.Sent > 0 ? DateTimeOffset.UtcNow : s.LastUploadOkAt, UploadError = string.Empty, Uploaded = s.Uploaded + outcome.Sent,
                AcknowledgedSequence = outcome.Acknowledged, OutboxPending = outcome.Pending,
                RefusedReadings = s.RefusedReadings + outcome.Refused.Length,
                LastRefusals = [.. s.LastRefusals.Concat(outcome.Refused).TakeLast(RefusalsShown)],
            });
        }

        if (outcome.More || _again)
        {
            Upload();
        }
    }

    private void OnFailed(UploadFailed failed)
    {
        _busy = false;
        if (failed.Status == StatusCode.InvalidArgument)
        {
            // The hub rejects the upload as a whole: a reading it cannot take even one by one. Halve the batch until that
            // reading is alone, then skip it (a hub that refuses readings one by one never gets here).
            if (_batch > 1)
            {
                _batch /= 2;
                Upload();
                return;
            }

            SkipRejected(failed.Reason);
            return;
        }

        _failures++;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, Math.Min(_failures, 6))));
        _log.Warning("Upload to the hub failed ({0}); readings stay in the outbox, next try in {1:F0} s", failed.Reason, delay.TotalSeconds);
        _status.Update(s => s with { UploadError = failed.Reason });
        Timers.StartSingleTimer("retry", new Retry(), delay);
    }

    /// <summary>The single reading of a rejected upload: acknowledged locally, shown as refused, and the outbox goes on.</summary>
    private void SkipRejected(string reason)
    {
        _busy = true;
        var journal = _journal;
        var position = _position!;
        Task.Run(() =>
        {
            var next = journal.NextBatch(position, 1);
            if (next.Count == 0)
            {
                return new BatchUpload.Outcome(position.Acknowledged, 0, false, 0, []);
            }

            journal.Acknowledge(next[0].Sequence);
            var refusal = new Refusal(next[0].Sequence, next[0].Snapshot?.Key, "rejected", reason, DateTimeOffset.UtcNow);
            return new BatchUpload.Outcome(next[0].Sequence, 0, true, journal.PendingCount(), [refusal]);
        }).PipeTo(Self, success: o => new Uploaded(o), failure: e => new UploadFailed(e.Message, null));
    }
}
