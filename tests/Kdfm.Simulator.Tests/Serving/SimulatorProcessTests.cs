using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp;
using Kdfm.Snmp.Transport;
using Kdfm.Testing;

namespace Kdfm.Simulator.Tests.Serving;

/// <summary>kdfm-sim as a user runs it: a process, its ready line, its errors.</summary>
public class SimulatorProcessTests
{
    private static string Sim => RepositoryPaths.Program("Kdfm.Simulator", "kdfm-sim");

    [Fact]
    public async Task Prints_one_ready_line_then_serves_v3_to_net_snmp()
    {
        int port = FreePort.Udp();
        using var sim = PeerProcess.Start("dotnet", [Sim, "--range", "127.22.0.0/24", "--count", "12", "--port", port.ToString(),
            "--v3-user", "kdfm", "--auth", "SHA-256", "--auth-pass", "authpass-1", "--priv", "AES-256", "--priv-pass", "privpass-1"]);
        await sim.WaitForOutputAsync("kdfm-sim ready", TimeSpan.FromSeconds(30), "kdfm-sim");
        Assert.Contains("12 devices from 5 walks on 127.22.0.1-127.22.0.12", sim.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("authpass-1", sim.Output, StringComparison.Ordinal);

        var (exit, output, error) = await CommandLine.RunAsync("/usr/bin/snmpget",
            ["-On", "-v3", "-u", "kdfm", "-l", "authPriv", "-a", "SHA-256", "-A", "authpass-1", "-x", "AES-256", "-X", "privpass-1",
             $"127.22.0.12:{port}", "1.3.6.1.2.1.1.5.0"], CommandLine.NetSnmpEnvironment);
        Assert.True(exit == 0, error);
        Assert.Contains("EPSON-DEMO", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--range", "10.0.0.0/24", "is not in 127.0.0.0/8")]
    [InlineData("--range", "127.20.0.0/33", "is not an IPv4 CIDR block")]
    [InlineData("--slow", "half", "is not FRACTION:MILLISECONDS")]
    [InlineData("--silent", "1.5", "is not a fraction")]
    [InlineData("--walks", "/nonexistent", "is neither a file nor a directory")]
    [InlineData("--http", "0", "is not a TCP port")]
    [InlineData("--https", "65536", "is not a TCP port")]
    public async Task Bad_options_exit_with_a_line_that_names_them(string option, string value, string expected)
    {
        var (exit, _, error) = await CommandLine.RunAsync("dotnet", [Sim, option, value, "--port", FreePort.Udp().ToString()]);
        Assert.Equal(2, exit);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_web_ports_the_ready_line_names_them_and_each_address_serves_its_own_page()
    {
        int port = FreePort.Udp();
        int http = FreePort.Tcp();
        int https = FreePort.Tcp();
        using var sim = PeerProcess.Start("dotnet", [Sim, "--range", "127.22.1.0/24", "--count", "7", "--port", port.ToString(CultureInfo.InvariantCulture),
            "--http", http.ToString(CultureInfo.InvariantCulture), "--https", https.ToString(CultureInfo.InvariantCulture)]);
        await sim.WaitForOutputAsync("kdfm-sim ready", TimeSpan.FromSeconds(30), "kdfm-sim");
        Assert.Contains($"7 devices from 5 walks on 127.22.1.1-127.22.1.7 port {port} (v1/v2c community ***, v3 off), web http {http} https {https}\n",
            sim.StandardOutput, StringComparison.Ordinal);

        await using var snmp = new SnmpClient();
        using var client = new HttpClient(new SocketsHttpHandler
        {
            SslOptions = new() { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // each device's own self-signed certificate
        });
        // The Brother walk on .1 and its first copy on .6, whose serial kdfm-sim rewrote.
        foreach (var (address, url) in new[] { ("127.22.1.1", $"http://127.22.1.1:{http}/"), ("127.22.1.6", $"https://127.22.1.6:{https}/") })
        {
            var serial = await snmp.GetAsync(SnmpTarget.V2c(new IPEndPoint(IPAddress.Parse(address), port), "public"), [Oid.Parse("1.3.6.1.2.1.43.5.1.1.17.1")]);
            string html = await client.GetStringAsync(url); // / redirects to /index.html
            Assert.Contains($"<td id=\"serial\">{serial.Value.VarBinds[0].Value}</td>", html, StringComparison.Ordinal);
            Assert.Contains($"<td id=\"address\">{address}</td>", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_web_port_in_use_exits_2_with_one_line_naming_the_address_and_port()
    {
        int http = FreePort.Tcp();
        using var taken = new TcpListener(IPAddress.Parse("127.22.2.3"), http);
        taken.Start();
        var (exit, output, error) = await CommandLine.RunAsync("dotnet",
            [Sim, "--range", "127.22.2.0/24", "--count", "5", "--port", FreePort.Udp().ToString(CultureInfo.InvariantCulture), "--http", http.ToString(CultureInfo.InvariantCulture)]);
        Assert.Equal(2, exit);
        Assert.Equal($"kdfm-sim: --http: cannot listen on 127.22.2.3:{http}: AddressAlreadyInUse", error.Trim());
        Assert.DoesNotContain("ready", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_and_https_on_one_port_is_refused()
    {
        string port = FreePort.Tcp().ToString(CultureInfo.InvariantCulture);
        var (exit, _, error) = await CommandLine.RunAsync("dotnet", [Sim, "--port", FreePort.Udp().ToString(CultureInfo.InvariantCulture), "--http", port, "--https", port]);
        Assert.Equal(2, exit);
        Assert.Equal($"kdfm-sim: --https: {port} is the --http port too", error.Trim());
    }
}
