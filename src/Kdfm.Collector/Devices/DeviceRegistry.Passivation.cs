using Akka.Actor;

namespace Kdfm.Collector.Devices;

/// <summary>
/// Passivation: a device with nothing to do for a while asks to sleep; the registry stops it with an ordinary message
/// (so what is already in its mailbox is handled first), holds what comes for it meanwhile, and wakes it on time or at
/// once for a message.
/// </summary>
public sealed partial class DeviceRegistry
{
    private void OnSleep(DeviceActor.Sleep sleep)
    {
        string key = sleep.State.Key;
        if (!_byKey.TryGetValue(key, out var actor) || !actor.Equals(Sender))
        {
            return;
        }

        _byKey.Remove(key);
        _asleep[key] = (sleep.State, Context.System.Scheduler.Now + sleep.Delay);
        _stopping[actor] = key;
        _heldFor[key] = [];
        actor.Tell(new DeviceActor.Stop()); // not Context.Stop: messages already in its mailbox are handled first
        Timers.StartSingleTimer("wake:" + key, new Wake(key), sleep.Delay);
    }

    private IActorRef? WakeUp(string key, bool pollNow)
    {
        if (_heldFor.ContainsKey(key) || !_asleep.Remove(key, out var sleeping))
        {
            return null; // awake already, or still stopping (the wake-up follows its termination)
        }

        Timers.Cancel("wake:" + key);
        var due = pollNow ? TimeSpan.Zero : sleeping.DueAt - Context.System.Scheduler.Now;
        return Spawn(sleeping.State, null, due > TimeSpan.Zero ? due : TimeSpan.Zero);
    }

    /// <summary>An incarnation that was stopping to sleep has stopped: messages held for it wake it.</summary>
    private void Woken(string key)
    {
        _heldFor.Remove(key, out var held);
        if (held is { Count: > 0 } && WakeUp(key, pollNow: false) is { } actor)
        {
            foreach (var (message, sender) in held)
            {
                actor.Tell(message, sender);
            }
        }
    }
}
