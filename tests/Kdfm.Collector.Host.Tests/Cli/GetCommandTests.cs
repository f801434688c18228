using System.Text.Json;
using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Collector.Host.Tests.Cli;

public class GetCommandTests : IAsyncLifetime
{
    private InProcessFleet _fleet = null!;

    private string Brother => $"{_fleet[0].Address}:{_fleet[0].Port}";

    public Task InitializeAsync()
    {
        _fleet = InProcessFleet.Start([RepositoryPaths.DemoWalks],
            v3: new UsmUser("kdfm", AuthProtocol.Sha256, new Secret("authpass-1"), PrivProtocol.Aes128, new Secret("privpass-1")));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task Prints_values_as_snmpget_On_does()
    {
        var (exit, output, error) = await Cli.RunAsync("get", "-v", "2c", "-c", "public", Brother,
            "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.1.2.0", "1.3.6.1.2.1.1.3.0", "1.3.6.1.2.1.2.2.1.6.1", "1.3.6.1.2.1.43.10.2.1.4.1.1", "1.3.6.1.2.1.1.99.0");
        Assert.True(exit == 0, error);
        Assert.Equal(
        [
            ".1.3.6.1.2.1.1.5.0 = STRING: \"BRN30055C112233\"",
            ".1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.2435.2.3.9.1",
            ".1.3.6.1.2.1.1.3.0 = Timeticks: (8640000) 1 day, 0:00:00.00",
            ".1.3.6.1.2.1.2.2.1.6.1 = Hex-STRING: 30 05 5C 11 22 33",
            ".1.3.6.1.2.1.43.10.2.1.4.1.1 = Counter32: 18211",
            ".1.3.6.1.2.1.1.99.0 = No Such Object available on this agent at this OID",
        ], output.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Accepts_net_snmps_attached_option_values()
    {
        var (exit, output, _) = await Cli.RunAsync("get", "-v2c", "-cpublic", "-t1", "-r0", Brother, "1.3.6.1.2.1.1.5.0");
        Assert.Equal(0, exit);
        Assert.Contains("BRN30055C112233", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_output_carries_types_and_values()
    {
        var (exit, output, _) = await Cli.RunAsync("get", "-o", "json", Brother, "1.3.6.1.2.1.1.5.0", "1.3.6.1.2.1.43.11.1.1.9.1.7");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        var rows = json.RootElement.EnumerateArray().ToList();
        Assert.Equal("octetString", rows[0].GetProperty("type").GetString());
        Assert.Equal("BRN30055C112233", rows[0].GetProperty("value").GetString());
        Assert.Equal("integer", rows[1].GetProperty("type").GetString());
        Assert.Equal(-3, rows[1].GetProperty("value").GetInt32());
    }

    [Fact]
    public async Task V3_auth_priv_reads_the_device()
    {
        var (exit, output, error) = await Cli.RunAsync("get", "-v", "3", "-u", "kdfm", "-l", "authPriv", "-a", "SHA-256", "-A", "authpass-1",
            "-x", "AES", "-X", "privpass-1", Brother, "1.3.6.1.2.1.1.5.0");
        Assert.True(exit == 0, error);
        Assert.Contains("BRN30055C112233", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "-v", "3", "-u", "kdfm", "-a", "SHA-256", "-A", "wrongpass-1", "-x", "AES", "-X", "privpass-1" }, "Authentication failure: wrong digest (user kdfm)")]
    [InlineData(new[] { "-v", "3", "-u", "mallory", "-l", "noAuthNoPriv" }, "Authentication failure: unknown user name (user mallory)")]
    [InlineData(new[] { "-v", "3", "-u", "kdfm", "-a", "SHA-256", "-A", "authpass-1" }, "Authentication failure: unsupported security level (user kdfm)")]
    [InlineData(new[] { "-v", "3", "-u", "kdfm", "-a", "SHA-256", "-A", "authpass-1", "-x", "AES", "-X", "wrongpriv-1" }, "Authentication failure: decryption error (user kdfm)")]
    public async Task Security_failures_exit_1_with_one_line_naming_the_cause(string[] security, string expected)
    {
        var (exit, output, error) = await Cli.RunAsync(["get", "-t", "3", "-r", "0", .. security, Brother, "1.3.6.1.2.1.1.5.0"]);
        Assert.Equal(1, exit);
        Assert.Equal(string.Empty, output);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public async Task A_silent_address_is_a_timeout_naming_the_address_and_retries()
    {
        var bytes = _fleet[0].Address.GetAddressBytes();
        bytes[3] = 250; // nothing is bound there
        string silent = $"{new System.Net.IPAddress(bytes)}:{_fleet[0].Port}";
        var (exit, _, error) = await Cli.RunAsync("get", "-t", "0.2", "-r", "2", silent, "1.3.6.1.2.1.1.5.0");
        Assert.Equal(1, exit);
        Assert.Equal($"Timeout: no response from {silent} after 2 retries", error.Trim());
    }

    [Theory]
    [InlineData(new[] { "get", "-v", "4", "127.0.0.1", "1.3.6" }, "-v 4: the version is 1, 2c or 3")]
    [InlineData(new[] { "get", "127.0.0.1", "sysDescr.0" }, "'sysDescr.0' is not a numeric OID")]
    [InlineData(new[] { "get", "-v", "3", "127.0.0.1", "1.3.6" }, "-u: SNMPv3 needs a user name")]
    [InlineData(new[] { "get", "-v", "3", "-u", "x", "-a", "SHA", "-A", "short", "127.0.0.1", "1.3.6" }, "at least 8 characters")]
    [InlineData(new[] { "get", "-v", "3", "-u", "x", "-a", "SHA-1024", "-A", "longenough", "127.0.0.1", "1.3.6" }, "-a SHA-1024: expected MD5")]
    [InlineData(new[] { "get", "127.0.0.1:99999", "1.3.6" }, "99999")]
    [InlineData(new[] { "get", "-t", "0", "127.0.0.1", "1.3.6" }, "-t 0")]
    public async Task Usage_errors_exit_2_naming_the_option(string[] args, string expected)
    {
        var (exit, _, error) = await Cli.RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
