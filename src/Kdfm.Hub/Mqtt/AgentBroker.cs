using System.Collections.Concurrent;
using Kdfm.Hub.Agents;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Kdfm.Hub.Mqtt;

/// <summary>Tells an agent that a task waits for it, so it polls at once instead of at its next poll.</summary>
public interface ITaskNotifier
{
    Task NotifyAsync(string agentId, string taskId, CancellationToken cancellationToken);
}

/// <summary>
/// The rules of the in-process broker: agents log in with their id (user name) and credential (password); an agent may
/// subscribe only under <c>kdfm/agents/{its id}/</c> and may not publish at all (the hub publishes).
/// </summary>
public sealed class AgentBroker(IServiceScopeFactory scopes, ILogger<AgentBroker> logger) : ITaskNotifier
{
    public const string TopicRoot = "kdfm/agents/";

    private readonly ConcurrentDictionary<string, string> _agentOfClient = new();
    private MqttServer? _server;

    public static string TaskTopic(string agentId) => $"{TopicRoot}{agentId}/tasks";

    public void Attach(MqttServer server)
    {
        _server = server;
        server.ValidatingConnectionAsync += ValidateAsync;
        server.InterceptingSubscriptionAsync += e =>
        {
            string prefix = _agentOfClient.TryGetValue(e.ClientId, out var agent) ? TopicRoot + agent + "/" : null!;
            if (prefix is null || !e.TopicFilter.Topic.StartsWith(prefix, StringComparison.Ordinal) || e.TopicFilter.Topic.Contains('+', StringComparison.Ordinal))
            {
                logger.LogWarning("MQTT: {Client} may not subscribe to {Topic}", e.ClientId, e.TopicFilter.Topic);
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            if (_agentOfClient.ContainsKey(e.ClientId))
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += e =>
        {
            _agentOfClient.TryRemove(e.ClientId, out _);
            return Task.CompletedTask;
        };
    }

    public async Task NotifyAsync(string agentId, string taskId, CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(TaskTopic(agentId)).WithPayload(taskId)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = "kdfm-hub" }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends a revoked agent's MQTT sessions (its next login is refused).</summary>
    public async Task DisconnectAsync(string agentId)
    {
        if (_server is null)
        {
            return;
        }

        foreach (var (clientId, agent) in _agentOfClient)
        {
            if (agent == agentId)
            {
                var client = (await _server.GetClientsAsync().ConfigureAwait(false)).FirstOrDefault(c => c.Id == clientId);
                if (client is not null)
                {
                    await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized }).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        await using var scope = scopes.CreateAsyncScope();
        var authenticator = scope.ServiceProvider.GetRequiredService<AgentAuthenticator>();
        var agent = await authenticator.AuthenticateAsync(e.UserName, e.Password, CancellationToken.None).ConfigureAwait(false);
        if (agent is null)
        {
            logger.LogWarning("MQTT: login refused for {User} from {EndPoint}", e.UserName ?? "(none)", e.RemoteEndPoint);
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }

        _agentOfClient[e.ClientId] = agent.Id;
        e.ReasonCode = MqttConnectReasonCode.Success;
    }
}
