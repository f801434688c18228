using System.Net;
using Kdfm.Simulator.Fleet;

namespace Kdfm.Simulator.Web;

/// <summary>One device's web site: the device, what its pages show, and the password its login form takes.</summary>
internal sealed record DeviceSite(SimulatedDevice Device, DeviceFacts Facts)
{
    /// <summary>The only user name the login form takes.</summary>
    public const string User = "admin";

    /// <summary>The password of a device without a serial number.</summary>
    public const string PasswordWithoutSerial = "admin";

    public IPAddress Address => Device.EndPoint.Address;

    /// <summary>The device's serial number as its home page and its SNMP answers give it, as many printers ship; "admin" when it has none.</summary>
    public string Password => Facts.Serial ?? PasswordWithoutSerial;
}
