using Akka.Actor;
using Akka.Event;

namespace Kdfm.Collector;

/// <summary>
/// The root of the collector's tree (DESIGN.md): the device registry, the discovery supervisor and the gateway are its
/// children, each started by its own Akka.Hosting registration. A child that throws is restarted alone (its persistent
/// state recovers), at most 10 times a minute; one that cannot even start is stopped and logged, the others go on.
/// </summary>
public sealed class CollectorSupervisor : ReceiveActor
{
    private readonly ILoggingAdapter _log = Context.GetLogger();

    public CollectorSupervisor()
    {
        Receive<StartChild>(start =>
        {
            var existing = Context.Child(start.Name);
            Sender.Tell(existing.IsNobody() ? Context.ActorOf(start.Props, start.Name) : existing);
        });
    }

    /// <summary>Starts a child (once; asking again gives the same one). Answered with its <see cref="IActorRef"/>.</summary>
    public sealed record StartChild(Props Props, string Name);

    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(10, TimeSpan.FromMinutes(1), cause =>
    {
        _log.Error(cause, "A collector part failed: {0}", cause.Message);
        return cause is ActorInitializationException ? Directive.Stop : Directive.Restart;
    });
}
