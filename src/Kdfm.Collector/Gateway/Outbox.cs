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
/// reading can stop it: one the hub refuses (its answer names it), or one that cannot be sent, is skipped and shown in
/// the status. An upload the hub finds too large (OutOfRange, or ResourceExhausted: its message limit or the agent's
/// quota) halves the byte budget, down to <see cref="BatchUpload.MinBytes"/>, and backs off; the budget grows back after
/// each upload that goes through. Nothing is ever skipped on a refusal of the whole call: that could be a proxy or a hub
/// of another version, and a reading dropped then would be lost silently.
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
    private int _budget = BatchUpload.MaxBytes;
    private int _ceiling = BatchUpload.MaxBytes;

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

    /// <summary>
    /// From the poller: the highest sequence the hub holds for this agent (fixes the base on first contact), and the
    /// largest upload it takes (0 from a hub that does not say).
    /// </summary>
    public sealed record HubAcknowledged(long Sequence, long MaxUploadBytes = 0);

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
        if (acknowledged.MaxUploadBytes > 0)
        {
            // The request's own framing (sequence numbers, keys, field tags) is a few percent of its JSON: keep a quarter free.
            _ceiling = (int)Math.Clamp(acknowledged.MaxUploadBytes * 3 / 4, BatchUpload.MinBytes, BatchUpload.MaxBytes);
            _budget = Math.Min(_budget, _ceiling);
        }

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
        long before = position.Acknowledged;
        BatchUpload.SendAsync(hub, _journal, position, BatchUpload.MaxReadings, _budget, _ceiling, TimeProvider.System)
            .PipeTo(Self, success: o => o.Sent > 0 && o.Acknowledged <= before && o.Refused.IsEmpty
                    ? new UploadFailed($"the hub acknowledged none of {o.Sent} readings (it answered up to {o.Acknowledged})", null)
                    : new Uploaded(o), failure: e => e is RpcException rpc
                ? new UploadFailed(Activation.Describe(rpc, hub.Hub, hub.Pin), rpc.StatusCode)
                : new UploadFailed(e.Message, null));
    }

    private void OnUploaded(Uploaded uploaded)
    {
        var outcome = uploaded.Outcome;
        _busy = false;
        _position = _position! with { Acknowledged = Math.Max(_position.Acknowledged, outcome.Acknowledged) };
        _budget = (int)Math.Min(_ceiling, _budget * 2L); // after a halving: back to full uploads, step by step
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
        if (failed.Status is StatusCode.OutOfRange or StatusCode.ResourceExhausted && _budget > BatchUpload.MinBytes)
        {
            _budget = Math.Max(BatchUpload.MinBytes, _budget / 2); // too large for the hub (or over its quota): smaller uploads
        }

        _failures++;
        var delay = TimeSpan.FromSeconds(Math.Min(MaxBackOff.TotalSeconds, Math.Pow(2, Math.Min(_failures, 6))));
        _log.Warning("Upload to the hub failed ({0}); readings stay in the outbox, next try in {1:F0} s", failed.Reason, delay.TotalSeconds);
        _status.Update(s => s with { UploadError = failed.Reason });
        Timers.StartSingleTimer("retry", new Retry(), delay);
    }
}
