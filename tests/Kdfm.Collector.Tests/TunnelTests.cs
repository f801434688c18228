using System.Buffers.Binary;
using System.Net;
using Kdfm.Collector.Gateway;
using Kdfm.Snmp.Security;
using Kdfm.Testing;
using Renci.SshNet;

namespace Kdfm.Collector.Tests;

/// <summary>The tunnels' parts that need no hub: the key pair, the pinned host key, and which addresses a tunnel may reach.</summary>
public class TunnelTests
{
    [Fact]
    public void The_key_pair_is_ed25519_in_openssh_format_owner_only_and_ssh_net_reads_it()
    {
        using var data = new TempDirectory("kdfm-ssh-key-");
        string publicKey = SshKey.Create(data.Path);

        string[] parts = publicKey.Split(' ');
        Assert.Equal(("ssh-ed25519", "kdfm-agent"), (parts[0], parts[2]));
        byte[] blob = Convert.FromBase64String(parts[1]);
        Assert.Equal((51, 11u, 32u), (blob.Length, BinaryPrimitives.ReadUInt32BigEndian(blob), BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(15))));
        Assert.Equal(publicKey, SshKey.PublicKey(data.Path));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(SshKey.PathIn(data.Path)));
        }

        Assert.StartsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n", File.ReadAllText(SshKey.PathIn(data.Path)), StringComparison.Ordinal);
        using var loaded = SshKey.Load(data.Path);
        Assert.Equal("ssh-ed25519", loaded.HostKeyAlgorithms.First().Name);

        string rotated = SshKey.Create(data.Path);
        Assert.NotEqual(publicKey, rotated); // a new pair each time
        Assert.Equal(rotated, SshKey.PublicKey(data.Path));
    }

    [Fact]
    public void A_damaged_key_file_is_an_error_naming_it_and_the_fix()
    {
        using var data = new TempDirectory("kdfm-ssh-key-");
        File.WriteAllText(SshKey.PathIn(data.Path), "not a key");

        var refused = Assert.Throws<InvalidDataException>(() => SshKey.Load(data.Path));

        Assert.Contains(SshKey.PathIn(data.Path), refused.Message, StringComparison.Ordinal);
        Assert.Contains("rotate-ssh-key", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_pinned_host_key_is_trusted()
    {
        byte[] pinned = [0, 0, 0, 11, .. "ssh-ed25519"u8, 0, 0, 0, 32, .. Enumerable.Repeat((byte)7, 32)];
        byte[] other = [.. pinned[..^1], 8];
        var hub = new SshHub("", 7022, "kdfm-tunnel", "ssh-ed25519 " + Convert.ToBase64String(pinned));

        Assert.True(hub.Matches("ssh-ed25519", pinned));
        Assert.False(hub.Matches("ssh-ed25519", other));
        Assert.False(hub.Matches("ssh-rsa", pinned));
        Assert.Equal("hub.example", hub.HostFor(new Uri("https://hub.example:7443/")));
        Assert.Equal("ssh.example", (hub with { Host = "ssh.example" }).HostFor(new Uri("https://hub.example:7443/")));
    }

    [Fact]
    public void The_pinned_endpoint_round_trips_in_the_identity_file()
    {
        using var data = new TempDirectory("kdfm-identity-");
        var ssh = new SshHub("", 7022, "kdfm-tunnel", "ssh-ed25519 AAAA");
        new AgentIdentity(new Uri("https://hub.example:7443/"), "agt_1", new Secret("credential-1"), "acme", null) { Ssh = ssh }.Save(data.Path);

        Assert.Equal(ssh, AgentIdentity.Load(data.Path)!.Ssh);
    }

    [Theory]
    [InlineData("127.20.0.5", true)]
    [InlineData("127.20.0.9", false)]
    [InlineData("127.99.0.1", true)]
    [InlineData("10.0.0.1", false)]
    public void A_tunnel_reaches_only_addresses_inside_the_targets(string address, bool inside)
    {
        Assert.Equal(inside, TunnelManager.InsideTargets(IPAddress.Parse(address), ["127.20.0.0/29", "127.99.0.1", "printer.example"]));
    }
}
