using System.Net;
using Kdfm.Collector.Persistence;

namespace Kdfm.Collector.Devices;

/// <summary>
/// The registry's index, without Akka: which key each device has, the address it is polled at (its primary), and the
/// other addresses that answered with the same identity (a printer with wired and Wi-Fi interfaces, a cloned
/// configuration). Its decisions are pure, so they are tested on their own.
/// </summary>
public sealed class DeviceDirectory
{
    private readonly Dictionary<string, DeviceRegistered> _known = [];
    private readonly Dictionary<IPEndPoint, string> _keyOf = [];
    private readonly Dictionary<IPEndPoint, string> _sameIdentity = [];
    private readonly Dictionary<IPEndPoint, List<DateTimeOffset>> _newAt = [];

    /// <summary>New devices one address may give within <see cref="NewDevicesWindow"/>; more means its identity is unstable.</summary>
    public const int MaxNewDevicesPerAddress = 4;

    public static readonly TimeSpan NewDevicesWindow = TimeSpan.FromDays(1);

    /// <summary>Every registered device (key, primary address, profile).</summary>
    public IReadOnlyCollection<DeviceRegistered> Devices => _known.Values;

    public int Count => _known.Count;

    public bool IsKnown(string key) => _known.ContainsKey(key);

    public DeviceRegistered this[string key] => _known[key];

    /// <summary>A registration (new, or a device that moved): its address becomes its primary, the old one is forgotten.</summary>
    public void Register(DeviceRegistered registered)
    {
        if (_known.TryGetValue(registered.Key, out var before) && _keyOf.TryGetValue(before.EndPoint, out var owner) && owner == registered.Key)
        {
            _keyOf.Remove(before.EndPoint);
        }

        _known[registered.Key] = registered;
        _keyOf[registered.EndPoint] = registered.Key;
        _sameIdentity.Remove(registered.EndPoint);
    }

    /// <summary>
    /// Discovery found a printer at <paramref name="at"/>: the key to poll when it is a device's primary address, else
    /// null (read it to learn who it is; an address known only as a second one is read again, since another printer may
    /// have taken it since).
    /// </summary>
    public string? PrimaryAt(IPEndPoint at) =>
        _keyOf.TryGetValue(at, out var key) && _known.TryGetValue(key, out var device) && device.EndPoint.Equals(at) ? key : null;

    /// <summary>
    /// <paramref name="at"/> answers with <paramref name="key"/>, which is already polled at another address that still
    /// answers. Returns true the first time this pair is seen (so it is reported once, not at every discovery).
    /// </summary>
    public bool AddSameIdentity(string key, IPEndPoint at)
    {
        bool first = !(_sameIdentity.TryGetValue(at, out var before) && before == key);
        _sameIdentity[at] = key;
        return first;
    }

    /// <summary>Addresses that answer with a device's identity besides its primary one.</summary>
    public IEnumerable<IPEndPoint> SameIdentityAs(string key) => _sameIdentity.Where(p => p.Value == key).Select(p => p.Key);

    /// <summary>
    /// What a reading of a new address means, given its key: a new device, a device read at its own primary (nothing to
    /// do), or an address claiming a known device (which the device decides, since only it can check its primary).
    /// </summary>
    public IdentifiedAs Classify(string key, IPEndPoint at) =>
        !_known.TryGetValue(key, out var known) ? IdentifiedAs.NewDevice
        : known.EndPoint.Equals(at) ? IdentifiedAs.Primary
        : IdentifiedAs.OtherAddress;

    /// <summary>
    /// The device <paramref name="key"/> saw another device answer at <paramref name="at"/>: true when the address is
    /// still its primary (so it must be read again to learn who answers there now).
    /// </summary>
    public bool LostAddress(string key, IPEndPoint at) => PrimaryAt(at) == key;

    /// <summary>
    /// False when <paramref name="at"/> gave <see cref="MaxNewDevicesPerAddress"/> new devices within the last
    /// <see cref="NewDevicesWindow"/>: a printer whose serial changes at every reading must not become a device a reading.
    /// DHCP that hands an address to another printer now and then stays well within it.
    /// </summary>
    public bool MayRegisterAt(IPEndPoint at, DateTimeOffset now) =>
        !_newAt.TryGetValue(at, out var times) || times.Count(t => now - t < NewDevicesWindow) < MaxNewDevicesPerAddress;

    /// <summary>A new device was registered at <paramref name="at"/> (for <see cref="MayRegisterAt"/>).</summary>
    public void RegisteredNew(IPEndPoint at, DateTimeOffset now)
    {
        if (!_newAt.TryGetValue(at, out var times))
        {
            _newAt[at] = times = [];
        }

        times.RemoveAll(t => now - t >= NewDevicesWindow);
        times.Add(now);
    }
}
