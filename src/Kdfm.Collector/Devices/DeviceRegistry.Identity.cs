using System.Net;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Kdfm.Collector.Configuration;
using Kdfm.Collector.Discovery;
using Kdfm.Collector.Persistence;
using Kdfm.Collector.Polling;
using Kdfm.Printers.Snapshot;
using Kdfm.Snmp.Transport;

namespace Kdfm.Collector.Devices;

/// <summary>
/// Who answers where: a printer found at an address that is no device's primary is read to learn its key, then it is a
/// new device, a poll of a known one, or a claim on a known one's identity (which the device settles: it moved, or it
/// answers at two addresses). An address a device found taken by another printer is read anew.
/// </summary>
public sealed partial class DeviceRegistry
{
    private void OnFound(DeviceFound found)
    {
        if (_directory.PrimaryAt(found.EndPoint) is { } key && !_registering.Contains(key))
        {
            Deliver(key, new PollDevice());
            return;
        }

        Identify(found.EndPoint, found.Profile);
    }

    /// <summary>Reads an address to learn which device answers there (once at a time per address), within the read deadline.</summary>
    private void Identify(IPEndPoint endPoint, CredentialProfile profile)
    {
        if (_identifying.Add(endPoint))
        {
            var target = profile.Target(endPoint, Settings);
            var deadline = Settings.ReadDeadline;
            var log = _log;
            _gate.RunAsync(() => DeviceReader.ReadAsync(_client, target, _clock, deadline))
                .PipeTo(Self, success: r => new Identified(endPoint, profile, r), failure: e =>
                {
                    // A bug in reading or interpreting: logged with its cause, and the address counts as unreadable.
                    log.Error(e, "Reading {0} to identify it failed unexpectedly", endPoint);
                    return new Identified(endPoint, profile, new SendFailedError(endPoint, System.Net.Sockets.SocketError.SocketError));
                });
        }
    }

    private void OnIdentified(Identified identified)
    {
        var endPoint = identified.EndPoint;
        _identifying.Remove(endPoint);
        if (!identified.Reading.IsSuccess)
        {
            Context.System.EventStream.Publish(new DeviceUnreadable(endPoint, identified.Reading.Error!));
            return;
        }

        var snapshot = identified.Reading.Value;
        string key = snapshot.Key;
        switch (_directory.Classify(key, endPoint))
        {
            case IdentifiedAs.NewDevice when !_directory.MayRegisterAt(endPoint, _clock.GetUtcNow()):
                // An address that gives a new identity at every reading (a random serial): not one device a reading.
                Context.System.EventStream.Publish(new DeviceUnreadable(endPoint, new UnstableIdentityError(endPoint, key, DeviceDirectory.MaxNewDevicesPerAddress)));
                break;
            case IdentifiedAs.NewDevice:
                // PersistAsync: thousands of new devices are written in the journal's batches, not one round trip each.
                var registered = new DeviceRegistered(key, endPoint, identified.Profile.Name);
                _directory.RegisteredNew(endPoint, _clock.GetUtcNow());
                _directory.Register(registered);
                _registering.Add(key);
                PersistAsync(registered, r =>
                {
                    _registering.Remove(r.Key);
                    Deliver(r.Key, new StartDevice(r, snapshot));
                });
                break;
            case IdentifiedAs.Primary when _registering.Contains(key):
                break; // its registration is being stored and its first reading (this one) announces it
            case IdentifiedAs.Primary:
                Deliver(key, new PollDevice());
                break;
            case IdentifiedAs.OtherAddress when _registering.Contains(key):
                // Registered a moment ago from its primary, whose reading just succeeded: both answer.
                ReportSameIdentity(key, _directory[key].EndPoint, endPoint, snapshot);
                break;
            case IdentifiedAs.OtherAddress:
                Deliver(key, new ClaimAddress(endPoint, identified.Profile, snapshot));
                break;
        }
    }

    private void OnMoved(MovedToClaimant moved) =>
        Persist(new DeviceRegistered(moved.Key, moved.At, moved.Profile.Name), _directory.Register);

    private void ReportSameIdentity(string key, IPEndPoint primary, IPEndPoint other, DeviceSnapshot snapshot)
    {
        if (primary.Equals(other))
        {
            return; // a device's own address, claimed twice while it moved there: nothing to report
        }

        bool first = _directory.AddSameIdentity(key, other);
        Context.System.EventStream.Publish(new SameIdentityFound(key, primary, other, snapshot with { Address = other.Address.ToString() }, first));
    }

    private void OnTaken(AddressTaken taken)
    {
        if (_directory.LostAddress(taken.Key, taken.At))
        {
            Identify(taken.At, taken.Profile);
        }
    }
}
