using Akka.Actor;

namespace Kdfm.Collector.Tests;

/// <summary>What an actor system's event stream carried, for tests that assert on it.</summary>
internal static class Events
{
    /// <summary>A list that receives every <typeparamref name="T"/> published on <paramref name="system"/>'s event stream from now on.</summary>
    public static List<T> Of<T>(ActorSystem system)
    {
        var into = new List<T>();
        var listener = system.ActorOf(Props.Create(() => new Collect<T>(into)));
        system.EventStream.Subscribe(listener, typeof(T));
        return into;
    }

    /// <summary>A copy of what was gathered so far.</summary>
    public static List<T> Read<T>(List<T> events)
    {
        lock (events)
        {
            return [.. events];
        }
    }
}
