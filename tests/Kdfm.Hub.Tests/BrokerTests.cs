using System.Net.Http.Json;
using System.Security.Authentication;
using MQTTnet;
using MQTTnet.Protocol;

namespace Kdfm.Hub.Tests;

/// <summary>The hub's in-process MQTT broker, over WSS on /mqtt and over TLS, with MQTTnet clients.</summary>
public sealed class BrokerTests
{
    /// <summary>An agent's client options: its client id is its agent id (the user name) unless <paramref name="clientId"/> says otherwise.</summary>
    internal static MqttClientOptions Options(TestHub hub, bool webSocket, string user, string password, string? clientId = null)
    {
        var builder = new MqttClientOptionsBuilder().WithClientId(clientId ?? user).WithCredentials(user, password).WithTimeout(TimeSpan.FromSeconds(10));
        if (webSocket)
        {
            builder.WithWebSocketServer(o => o.WithUri($"wss://127.0.0.1:{hub.Options.HttpsPort}/mqtt"));
        }
        else
        {
            builder.WithTcpServer("127.0.0.1", hub.Options.MqttTlsPort);
        }

        return builder.WithTlsOptions(o => o.UseTls().WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
            .WithCertificateValidationHandler(e => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(e.Certificate.GetRawCertData())) == hub.Started.Fingerprint)).Build();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_agent_hears_of_its_own_tasks_and_may_not_listen_to_another_agent(bool webSocket)
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        var (other, _) = await hub.ActivateAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        var heard = new TaskCompletionSource<MqttApplicationMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e =>
        {
            heard.TrySetResult(e.ApplicationMessage);
            return Task.CompletedTask;
        };

        var connected = await client.ConnectAsync(Options(hub, webSocket, agent, credential));
        Assert.Equal(MqttClientConnectResultCode.Success, connected.ResultCode);
        var own = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"kdfm/agents/{agent}/tasks", MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientSubscribeResultCode.GrantedQoS1, own.Items.Single().ResultCode);
        foreach (string topic in new[] { $"kdfm/agents/{other}/tasks", "kdfm/agents/#", "#", $"kdfm/agents/+/tasks" })
        {
            var refused = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic).Build());
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, refused.Items.Single().ResultCode);
        }

        var posted = await hub.Api.PostAsJsonAsync($"api/v1/agents/{agent}/tasks", new { kind = "poll-now" });
        string taskId = (await posted.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString()!;
        var message = await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal($"kdfm/agents/{agent}/tasks", message.Topic);
        Assert.Equal(taskId, message.ConvertPayloadToString());
    }

    [Fact]
    public async Task A_wrong_credential_cannot_log_in_and_an_agent_cannot_publish()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        using var client = new MqttClientFactory().CreateMqttClient();

        string outcome;
        try
        {
            outcome = (await client.ConnectAsync(Options(hub, webSocket: false, agent, credential + "x"))).ResultCode.ToString();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            outcome = e.ToString().Contains("BadUserNameOrPassword", StringComparison.Ordinal) ? "BadUserNameOrPassword" : e.ToString();
        }

        Assert.Equal("BadUserNameOrPassword", outcome);
        Assert.False(client.IsConnected);

        await client.ConnectAsync(Options(hub, webSocket: false, agent, credential));
        var published = await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic($"kdfm/agents/{agent}/tasks").WithPayload("x")
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, published.ReasonCode);
    }

    [Fact]
    public async Task A_revoked_agent_is_disconnected_and_refused_everywhere()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        var disconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.DisconnectedAsync += _ =>
        {
            disconnected.TrySetResult();
            return Task.CompletedTask;
        };
        await client.ConnectAsync(Options(hub, webSocket: true, agent, credential));

        var revoked = await hub.Api.PostAsync($"api/v1/agents/{agent}/revoke", null);
        Assert.Equal(System.Net.HttpStatusCode.OK, revoked.StatusCode);
        await disconnected.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var refused = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => hub.Grpc().PollAsync(new Kdfm.Agent.V1.PollRequest(), TestHub.Auth(agent, credential)).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.Unauthenticated, refused.StatusCode);
        Assert.Contains("revoked", refused.Status.Detail, StringComparison.Ordinal);
        using var again = new MqttClientFactory().CreateMqttClient();
        string outcome;
        try
        {
            outcome = (await again.ConnectAsync(Options(hub, webSocket: false, agent, credential))).ResultCode.ToString();
        }
        catch (Exception e) when (e is not Xunit.Sdk.XunitException)
        {
            outcome = e.ToString();
        }

        Assert.Contains("BadUserNameOrPassword", outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_over_websockets_outlives_the_request_body_limit()
    {
        await using var hub = await TestHub.StartAsync();
        var (agent, credential) = await hub.ActivateAsync();
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(Options(hub, webSocket: true, agent, credential));

        // Each SUBSCRIBE carries 40 KB of topic filter (refused, but read): together more than the 64 KB a request body may have.
        for (int i = 0; i < 3; i++)
        {
            var refused = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter($"kdfm/agents/other/{new string('t', 40 * 1024)}").Build());
            Assert.Equal(MqttClientSubscribeResultCode.NotAuthorized, refused.Items.Single().ResultCode);
        }

        Assert.True(HubApp.MaxApiBodyBytes < 3 * 40 * 1024);
        await client.PingAsync();
        Assert.True(client.IsConnected);
    }
}
