using Kdfm.Testing;

namespace Kdfm.Hub.Tests;

/// <summary>The hub's TLS ports against OpenSSL's client (Debian's openssl), which can still speak TLS 1.0/1.1 when asked.</summary>
public sealed class TlsTests
{
    private static Task<(int ExitCode, string Output, string Error)> Handshake(int port, string version) =>
        // SECLEVEL=0 lets the client offer the old protocol: the refusal must come from the hub.
        CommandLine.RunAsync("openssl", ["s_client", "-connect", $"127.0.0.1:{port}", version, "-cipher", "DEFAULT@SECLEVEL=0", "-brief"], stdin: "");

    [Fact]
    public async Task Tls_1_0_and_1_1_are_refused_on_both_ports_and_1_2_and_1_3_accepted()
    {
        await using var hub = await TestHub.StartAsync();
        foreach (int port in new[] { hub.Options.HttpsPort, hub.Options.MqttTlsPort })
        {
            foreach (string old in new[] { "-tls1", "-tls1_1" })
            {
                var (exit, output, error) = await Handshake(port, old);
                Assert.NotEqual(0, exit);
                Assert.Contains("alert protocol version", output + error, StringComparison.Ordinal);
            }

            foreach (string current in new[] { "-tls1_2", "-tls1_3" })
            {
                var (exit, output, error) = await Handshake(port, current);
                Assert.True(exit == 0, $"{current} on {port}: {output}{error}");
                Assert.Contains("Protocol version: TLSv1." + current[^1], output + error, StringComparison.Ordinal);
            }
        }
    }
}
