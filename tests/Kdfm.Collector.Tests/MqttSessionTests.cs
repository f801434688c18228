using Akka.TestKit.Xunit2;
using Kdfm.Agent;
using Kdfm.Collector.Gateway;
using Kdfm.Snmp.Security;
using Kdfm.Testing;

namespace Kdfm.Collector.Tests;

/// <summary>The gateway's MQTT session against mosquitto as an external broker (TLS, passwords, per-user ACL).</summary>
public sealed class MqttSessionTests() : TestKit(CollectorConfig.Defaults)
{
    private const string Agent = "agt_mqtttest01";
    private const string Credential = "agent-credential-1";
    private const string HubPassword = "hub-password-1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    private static Task<MosquittoBroker> BrokerAsync() => MosquittoBroker.StartAsync(new Dictionary<string, string>
    {
        [Agent] = Credential,
        ["agt_other"] = "other-credential",
        [MosquittoBroker.HubUser] = HubPassword,
    });

    private static AgentIdentity Identity(string pin, string credential = Credential) =>
        new(new Uri("https://127.0.0.1:1/"), Agent, new Secret(credential), "t", pin);

    [Fact]
    public async Task A_task_published_for_this_agent_makes_the_poller_poll_and_one_for_another_agent_does_not()
    {
        using var broker = await BrokerAsync();
        using var data = new TempDirectory("kdfm-mqtt-");
        var status = new GatewayStatus(TimeProvider.System);
        var poller = CreateTestProbe();
        Sys.ActorOf(MqttSession.Props(new Uri($"mqtts://127.0.0.1:{broker.Port}"), Identity(broker.Fingerprint), status, poller.Ref));

        Assert.Equal("connected", poller.ExpectMsg<HubPoller.PollNow>(Wait).Because); // a task may have been announced while it was down
        Assert.True(status.Current.MqttConnected);

        var published = await broker.PublishAsync(MosquittoBroker.HubUser, HubPassword, AgentTopics.Tasks("agt_other"), "tsk_1");
        Assert.Equal(0, published.ExitCode);
        published = await broker.PublishAsync(MosquittoBroker.HubUser, HubPassword, AgentTopics.Tasks(Agent), "tsk_2");
        Assert.Equal(0, published.ExitCode);

        // The broker delivers in order: had the other agent's notice reached this session, its poll would come first.
        Assert.Equal("task notice tsk_2", poller.ExpectMsg<HubPoller.PollNow>(Wait).Because);
    }

    [Fact]
    public async Task A_wrong_credential_or_certificate_is_reported_and_retried_without_polling()
    {
        using var broker = await BrokerAsync();
        using var data = new TempDirectory("kdfm-mqtt-");
        var poller = CreateTestProbe();
        var wrongPassword = new GatewayStatus(TimeProvider.System);
        Sys.ActorOf(MqttSession.Props(new Uri($"mqtts://127.0.0.1:{broker.Port}"), Identity(broker.Fingerprint, "wrong"), wrongPassword, poller.Ref));
        var wrongPin = new GatewayStatus(TimeProvider.System);
        Sys.ActorOf(MqttSession.Props(new Uri($"mqtts://127.0.0.1:{broker.Port}"), Identity(new string('A', 64)), wrongPin, poller.Ref));

        AwaitCondition(() => wrongPassword.Current.MqttError.Length > 0 && wrongPin.Current.MqttError.Length > 0, Wait);
        Assert.False(poller.HasMessages); // a session that came up would have said so to the poller before any error
        Assert.False(wrongPassword.Current.MqttConnected);
        Assert.Contains("refused", wrongPassword.Current.MqttError, StringComparison.OrdinalIgnoreCase);
        Assert.False(wrongPin.Current.MqttConnected);
        Assert.Contains($"MQTT mqtts://127.0.0.1:{broker.Port}", wrongPin.Current.MqttError, StringComparison.Ordinal);
    }
}
