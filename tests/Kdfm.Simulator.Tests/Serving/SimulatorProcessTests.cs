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
    public async Task Bad_options_exit_with_a_line_that_names_them(string option, string value, string expected)
    {
        var (exit, _, error) = await CommandLine.RunAsync("dotnet", [Sim, option, value, "--port", FreePort.Udp().ToString()]);
        Assert.Equal(2, exit);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }
}
