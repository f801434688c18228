using System.Net;
using Kdfm.Hub.Security;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace Kdfm.Hub.Tests;

/// <summary>What strangers send reaches the log escaped, and repeating a refused call does not flood it.</summary>
public sealed class LogSafetyTests
{
    [Theory]
    [InlineData("agt_x\n2026-11-28 INFO Agent agt_admin activated", "'agt_x\\u000a2026-11-28 INFO Agent agt_admin activated'")]
    [InlineData("\u001b[31mred", "'\\u001b[31mred'")]
    [InlineData("a\u2028b\u0085c", "'a\\u2028b\\u0085c'")]
    [InlineData(null, "(none)")]
    public void Text_from_outside_is_quoted_with_its_control_characters_escaped(string? text, string shown) =>
        Assert.Equal(shown, UntrustedText.Shown(text));

    [Fact]
    public async Task An_mqtt_user_name_with_a_line_break_cannot_forge_a_log_line()
    {
        var log = new LogCapture();
        await using var hub = await TestHub.StartAsync(host: log.Install);
        const string forged = "agt_x\nMQTT: login accepted for agt_admin";
        using var client = new MqttClientFactory().CreateMqttClient();
        try
        {
            Assert.NotEqual(MqttClientConnectResultCode.Success, (await client.ConnectAsync(BrokerTests.Options(hub, webSocket: false, forged, "wrong"))).ResultCode);
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            // MQTTnet 5 may report the refusal as an exception
        }

        Assert.False(client.IsConnected);

        var line = Assert.Single(log.Lines, l => l.Text.StartsWith("MQTT: login refused", StringComparison.Ordinal));
        Assert.Contains("'agt_x\\u000aMQTT: login accepted for agt_admin'", line.Text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', line.Text);
    }

    [Fact]
    public async Task Refused_agent_calls_are_logged_once_a_minute_per_source()
    {
        var log = new LogCapture();
        await using var hub = await TestHub.StartAsync(host: log.Install);
        var client = hub.Grpc();
        for (int i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => client.PollAsync(new Kdfm.Agent.V1.PollRequest(), TestHub.Auth("agt_nobody", "wrong")).ResponseAsync);
        }

        var line = Assert.Single(log.Lines, l => l.Level == LogLevel.Warning && l.Text.StartsWith("Agent call Poll refused", StringComparison.Ordinal));
        Assert.Contains("0 more refusals from there were not logged", line.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_throttle_lets_one_line_a_minute_through_per_source_and_counts_the_rest()
    {
        var clock = new ManualClock(TestSnapshots.Now);
        var throttle = new LogThrottle(clock);
        var first = IPAddress.Parse("2001:db8:1:2::1");

        Assert.True(throttle.ShouldLog("k", first, out long held));
        Assert.Equal(0, held);
        Assert.False(throttle.ShouldLog("k", first, out _));
        Assert.False(throttle.ShouldLog("k", IPAddress.Parse("2001:db8:1:2::99"), out _)); // the same /64
        Assert.True(throttle.ShouldLog("k", IPAddress.Parse("2001:db8:1:3::1"), out _));
        Assert.True(throttle.ShouldLog("other kind", first, out _));

        clock.Advance(LogThrottle.Interval);
        Assert.True(throttle.ShouldLog("k", first, out held));
        Assert.Equal(2, held);
    }
}
