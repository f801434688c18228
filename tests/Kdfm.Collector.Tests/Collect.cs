using Akka.Actor;

namespace Kdfm.Collector.Tests;

/// <summary>Gathers the events of one type from the event stream into a list a test reads (under its lock): see <see cref="Events"/>.</summary>
internal sealed class Collect<T> : ReceiveActor
{
    public Collect(List<T> into) => Receive<T>(m =>
    {
        lock (into)
        {
            into.Add(m);
        }
    });
}
