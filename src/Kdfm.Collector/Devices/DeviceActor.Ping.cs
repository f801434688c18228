using System.Net;
using Akka.Actor;
using Kdfm.Collector.Icmp;

namespace Kdfm.Collector.Devices;

/// <summary>
/// A device that stopped answering SNMP gets an automatic ping (<see cref="AutomaticPing"/>) after a failed poll, at most
/// once per poll interval (<see cref="DeviceState.PingDue"/>), so its status can say which: down (no echo reply), or up with
/// its SNMP agent silent. An outcome that differs from the last one stored becomes a down reading (<see
/// cref="DeviceState.DownReading"/>), persisted and uploaded like any reading; the same outcome again stores nothing.
/// </summary>
public sealed partial class DeviceActor
{
    private readonly IEchoSender _echo;
    private bool _pinging;

    private sealed record Pinged(IPEndPoint At, string Reachability, DateTimeOffset StartedAt);

    private void PingIfDue()
    {
        var now = Context.System.Scheduler.Now;
        if (_pinging || !_state.PingDue(now, Settings))
        {
            return;
        }

        _pinging = true;
        var at = _state.EndPoint;
        // Off the actor's thread from the first instruction (the first ping of a process opens a socket, or starts the ping
        // utility). AutomaticPing never throws; a failure of the task itself still says "unknown", never a read crash.
        var echo = _echo;
        Task.Run(() => AutomaticPing.CheckAsync(echo, at.Address, CancellationToken.None))
            .PipeTo(Self, success: r => new Pinged(at, r, now), failure: _ => new Pinged(at, AutomaticPing.Unknown, now));
    }

    private void OnPinged(Pinged pinged)
    {
        _pinging = false;
        if (_state.Down && pinged.At.Equals(_state.EndPoint))
        {
            var (state, events, reading) = _state.Pinged(pinged.Reachability, pinged.StartedAt, _clock.GetUtcNow());
            if (reading is not null)
            {
                Store(reading, (state, events), AfterPing);
                return;
            }

            _state = state;
        }

        // Else it answered meanwhile, or moved: the ping says nothing about it now.
        AfterPing();
    }

    /// <summary>
    /// While the ping was out, the next poll was scheduled by timer; that timer stays as it is (restarting it would drop a
    /// poll it already sent). Now the device may stop if it was asked to.
    /// </summary>
    private void AfterPing()
    {
        if (!Busy && _stopping)
        {
            Context.Stop(Self);
        }
    }
}
