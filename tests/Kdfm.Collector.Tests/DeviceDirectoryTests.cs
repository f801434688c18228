using System.Net;
using Kdfm.Collector.Devices;
using Kdfm.Collector.Persistence;

namespace Kdfm.Collector.Tests;

/// <summary>The registry's index and decisions, without Akka.</summary>
public class DeviceDirectoryTests
{
    private static readonly IPEndPoint A = new(IPAddress.Parse("127.30.0.1"), 161);
    private static readonly IPEndPoint B = new(IPAddress.Parse("127.30.0.2"), 161);
    private static readonly IPEndPoint C = new(IPAddress.Parse("127.30.0.3"), 161);

    [Fact]
    public void A_new_key_is_a_new_device_and_its_address_its_primary()
    {
        var directory = new DeviceDirectory();
        Assert.Equal(IdentifiedAs.NewDevice, directory.Classify("hp:X1", A));
        directory.Register(new DeviceRegistered("hp:X1", A, "public"));

        Assert.Equal("hp:X1", directory.PrimaryAt(A));
        Assert.Null(directory.PrimaryAt(B));
        Assert.Equal(IdentifiedAs.Primary, directory.Classify("hp:X1", A));
        Assert.Equal(IdentifiedAs.OtherAddress, directory.Classify("hp:X1", B));
    }

    [Fact]
    public void A_second_address_is_reported_once_and_never_becomes_a_primary()
    {
        var directory = new DeviceDirectory();
        directory.Register(new DeviceRegistered("hp:X1", A, "public"));

        Assert.True(directory.AddSameIdentity("hp:X1", B));
        Assert.False(directory.AddSameIdentity("hp:X1", B)); // the next discovery sees it again: not a new report
        Assert.True(directory.AddSameIdentity("hp:X1", C));
        Assert.Equal([B, C], directory.SameIdentityAs("hp:X1").OrderBy(e => e.ToString()));
        Assert.Null(directory.PrimaryAt(B)); // read again at each discovery: another printer may have taken it
        Assert.Equal("hp:X1", directory.PrimaryAt(A));
    }

    [Fact]
    public void A_move_forgets_the_old_address_and_clears_the_new_one_of_its_second_address_mark()
    {
        var directory = new DeviceDirectory();
        directory.Register(new DeviceRegistered("hp:X1", A, "public"));
        directory.AddSameIdentity("hp:X1", B);

        directory.Register(new DeviceRegistered("hp:X1", B, "public"));

        Assert.Null(directory.PrimaryAt(A));
        Assert.Equal("hp:X1", directory.PrimaryAt(B));
        Assert.Empty(directory.SameIdentityAs("hp:X1"));
        Assert.Equal(B, directory["hp:X1"].EndPoint);
        Assert.Single(directory.Devices);
    }

    [Fact]
    public void An_address_taken_by_another_device_is_lost_only_by_the_device_whose_primary_it_still_is()
    {
        var directory = new DeviceDirectory();
        directory.Register(new DeviceRegistered("hp:X1", A, "public"));
        Assert.True(directory.LostAddress("hp:X1", A));

        // Another printer was registered at A since (the swap of two printers by DHCP): A is its primary now.
        directory.Register(new DeviceRegistered("kyocera:K2", A, "public"));
        Assert.False(directory.LostAddress("hp:X1", A));
        Assert.Equal("kyocera:K2", directory.PrimaryAt(A));
        Assert.Null(directory.PrimaryAt(B));
        Assert.Equal(A, directory["hp:X1"].EndPoint); // X1 stays registered there until it is found elsewhere
    }
}
