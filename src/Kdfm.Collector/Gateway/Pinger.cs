using Akka.Actor;
using Akka.Event;
using Kdfm.Agent;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// Runs ping tasks (ICMP troubleshooting, DESIGN.md's gateway tree): checks the request (<see cref="PingRequests"/>: the
/// hub did, the agent does not rely on it), resolves the target and sends its echo requests one after the other
/// (<see cref="PingRun"/>), off the actor's thread, and answers <see cref="PingFinished"/>. At most <see cref="MaxRunning"/>
/// runs at once: a run may take minutes (20 probes of 10 s), and the hub has no reason to pile them up.
/// </summary>
public sealed class Pinger : ReceiveActor
{
    public const int MaxRunning = 4;

    private readonly IEchoSender _echo;
    private readonly ResolveHost _resolve;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _running;

    public Pinger(IEchoSender echo, ResolveHost resolve)
    {
        _echo = echo;
        _resolve = resolve;
        Receive<RunPing>(OnRun);
        Receive<Ran>(OnRan);
    }

    public static Props Props(IEchoSender echo, ResolveHost? resolve = null)
    {
        var resolver = resolve ?? PingRun.SystemResolver;
        return Akka.Actor.Props.Create(() => new Pinger(echo, resolver));
    }

    private sealed record Ran(string TaskId, PingOutcome Outcome, IActorRef ReplyTo);

    private void OnRun(RunPing run)
    {
        var replyTo = Sender;
        var (request, problem) = PingRequests.Normalize(run.Request);
        if (request is null)
        {
            replyTo.Tell(new PingFinished(run.TaskId, new PingFailure(run.Request.Target ?? string.Empty, PingFailure.Kinds.Invalid, "ping refused: " + problem)));
            return;
        }

        if (_running >= MaxRunning)
        {
            replyTo.Tell(new PingFinished(run.TaskId, new PingFailure(request.Target, PingFailure.Kinds.Busy,
                $"ping refused: {MaxRunning} pings are running already; ask again when one has ended")));
            return;
        }

        _running++;
        string target = request.Target;
        var (echo, resolve) = (_echo, _resolve);
        Task.Run(() => PingRun.RunAsync(echo, resolve, target, request.Count, request.Size, TimeSpan.FromMilliseconds(request.TimeoutMs), CancellationToken.None))
            .PipeTo(Self, success: outcome => new Ran(run.TaskId, outcome, replyTo),
                failure: e => new Ran(run.TaskId, new PingFailure(target, PingFailure.Kinds.Failed, $"ping of {target} failed: {e.GetBaseException().Message}"), replyTo));
    }

    private void OnRan(Ran ran)
    {
        _running--;
        switch (ran.Outcome)
        {
            case PingReport report:
                _log.Info("Ping task {0}: {1}: {2}", ran.TaskId, report.Target, report.Summary());
                break;
            case PingFailure failure:
                _log.Warning("Ping task {0} failed: {1}", ran.TaskId, failure.Message);
                break;
        }

        ran.ReplyTo.Tell(new PingFinished(ran.TaskId, ran.Outcome));
    }
}
