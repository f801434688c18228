using System.Net;
using Akka.Actor;
using Akka.Event;
using Kdfm.Collector.Configuration;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Discovery;

/// <summary>
/// Probes one chunk of addresses (a /24, or the addresses of one host name) within the shared budget (which caps
/// probes in flight and packets per second across all scanners), and reports each printer found and, at the end, the chunk. Probes run as tasks piped back to the actor.
/// </summary>
public sealed class RangeScanner : ReceiveActor
{
    private readonly string _range;
    private readonly Queue<IPEndPoint> _pending;
    private readonly SnmpClient _client;
    private readonly CollectorSettings _settings;
    private readonly ProbeBudget _budget;
    private readonly IActorRef _report;
    private readonly CancellationTokenSource _stop = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _running;
    private int _probed;
    private int _found;

    public RangeScanner(string range, IReadOnlyList<IPEndPoint> addresses, SnmpClient client, CollectorSettings settings, ProbeBudget budget, IActorRef report)
    {
        _range = range;
        _pending = new Queue<IPEndPoint>(addresses);
        _client = client;
        _settings = settings;
        _budget = budget;
        _report = report;
        Receive<ProbeResult>(OnProbed);
        Receive<Status.Failure>(OnProbeFailed);
    }

    public static Props Props(string range, IReadOnlyList<IPEndPoint> addresses, SnmpClient client, CollectorSettings settings, ProbeBudget budget, IActorRef report) =>
        Akka.Actor.Props.Create(() => new RangeScanner(range, addresses, client, settings, budget, report));

    protected override void PreStart()
    {
        StartMore();
        FinishIfDone();
    }

    protected override void PostStop() => _stop.Cancel();

    private void StartMore()
    {
        while (_running < _settings.Concurrency && _pending.TryDequeue(out var endPoint))
        {
            _running++;
            Prober.ProbeAsync(_client, endPoint, _settings, _budget, _stop.Token).PipeTo(Self);
        }
    }

    private void OnProbed(ProbeResult result)
    {
        _running--;
        _probed++;
        if (result.Outcome == ProbeOutcome.Printer)
        {
            _found++;
            _report.Tell(new DeviceFound(result.EndPoint, result.Profile!, result.SysObjectId));
        }

        StartMore();
        FinishIfDone();
    }

    private void OnProbeFailed(Status.Failure failure)
    {
        // A probe task that threw (cancelled at shutdown, or a bug): counted as probed, logged, never fatal.
        _running--;
        _probed++;
        _log.Warning("Probe in {Range} failed: {Reason}", _range, failure.Cause.Message);
        StartMore();
        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (_running == 0 && _pending.Count == 0)
        {
            _report.Tell(new RangeScanned(_range, _probed, _found));
            Context.Stop(Self);
        }
    }
}
