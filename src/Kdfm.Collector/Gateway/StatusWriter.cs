using System.Text.Json;
using Akka.Actor;
using Akka.Event;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The one writer of status.json (<see cref="GatewayStatus"/>, read by <c>kdfm-collector status</c>): the actors that
/// change the status only tell it, so none of them waits on the disk. A burst of changes costs one write: a notice
/// carries no state, the writer writes the snapshot of the moment, and a notice whose change is written already is
/// skipped. It writes what changed before it started, and the last change when it stops. A file it cannot write is a
/// warning, once until it can again: collection never depends on it.
/// </summary>
public sealed class StatusWriter : ReceiveActor
{
    private readonly GatewayStatus _status;
    private readonly string _path;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private GatewayStatus.Snapshot? _written;
    private bool _failing;

    public StatusWriter(GatewayStatus status, string dataDirectory)
    {
        _status = status;
        _path = Path.Combine(dataDirectory, GatewayStatus.FileName);
        Receive<Changed>(_ => Write());
    }

    public static Props Props(GatewayStatus status, string dataDirectory) =>
        Akka.Actor.Props.Create(() => new StatusWriter(status, dataDirectory));

    /// <summary>From <see cref="GatewayStatus.Update"/>: the status changed.</summary>
    internal sealed record Changed
    {
        public static readonly Changed Instance = new();
    }

    protected override void PreStart()
    {
        _status.TellChangesTo(Self);
        Write();
    }

    protected override void PostStop()
    {
        _status.TellChangesTo(null);
        Write();
    }

    private void Write()
    {
        var current = _status.Current;
        if (ReferenceEquals(current, _written))
        {
            return; // every update makes a new snapshot: this one is on disk already
        }

        try
        {
            OwnerOnlyFile.Write(_path, JsonSerializer.Serialize(current, GatewayStatus.Json));
            _written = current;
            if (_failing)
            {
                _failing = false;
                _log.Info("The status file {0} is written again", _path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (!_failing)
            {
                _failing = true;
                _log.Warning("Cannot write the status file {0} (kdfm-collector status shows an old state until it can): {1}", _path, e.Message);
            }
        }
    }
}
