using System.Net;
using Kdfm.Agent;
using Kdfm.Hub.Agents;
using Kdfm.Hub.Security;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace Kdfm.Hub.Mqtt;

/// <summary>
/// The rules of the in-process broker: agents log in with their id (user name), the same id as client id, and their
/// credential (password); an agent may subscribe only under its own <see cref="AgentTopics.Of"/> and may not publish at all
/// (only the hub does). The rules hold no per-connection state: the client id is the agent id, checked at CONNECT, so a
/// session taken over by a second connection with the same id is still the same agent under the same rules.
/// </summary>
public sealed class AgentBroker(IServiceScopeFactory scopes, LogThrottle throttle, ILogger<AgentBroker> logger) : ITaskNotifier
{
    /// <summary>The client id of the hub's own messages: no client may connect with it.</summary>
    public const string HubClientId = "kdfm-hub";

    private MqttServer? _server;

    public void Attach(MqttServer server)
    {
        _server = server;
        server.ValidatingConnectionAsync += ValidateAsync;
        server.ClientConnectedAsync += RefuseIfRevokedMeanwhileAsync;
        server.InterceptingSubscriptionAsync += e =>
        {
            string prefix = AgentTopics.Of(e.ClientId);
            if (!e.TopicFilter.Topic.StartsWith(prefix, StringComparison.Ordinal) || e.TopicFilter.Topic.Contains('+', StringComparison.Ordinal))
            {
                logger.LogWarning("MQTT: {Client} may not subscribe to {Topic}", UntrustedText.Shown(e.ClientId), UntrustedText.Shown(e.TopicFilter.Topic, 256));
                e.ProcessSubscription = false;
                e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += e =>
        {
            // Only what the hub injects is published; every connected client is an agent, and agents never publish.
            if (e.ClientId != HubClientId)
            {
                e.ProcessPublish = false;
                e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            }

            return Task.CompletedTask;
        };
    }

    public async Task NotifyAsync(string agentId, string taskId, CancellationToken cancellationToken)
    {
        if (_server is null)
        {
            return;
        }

        var message = new MqttApplicationMessageBuilder().WithTopic(AgentTopics.Tasks(agentId)).WithPayload(taskId)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
        await _server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = HubClientId }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The agents with an MQTT session on this hub's broker now; null when the hub runs no broker (an external one).</summary>
    public async Task<IReadOnlySet<string>?> ConnectedAgentsAsync()
    {
        if (_server is null)
        {
            return null;
        }

        return (await _server.GetClientsAsync().ConfigureAwait(false)).Select(c => c.Id).Where(id => id != HubClientId).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Ends every MQTT connection of a revoked agent (its next login is refused).</summary>
    public async Task DisconnectAsync(string agentId)
    {
        if (_server is null)
        {
            return;
        }

        foreach (var client in await _server.GetClientsAsync().ConfigureAwait(false))
        {
            if (client.Id == agentId)
            {
                logger.LogInformation("MQTT: closing {Agent}'s connection from {EndPoint}: revoked", agentId, client.RemoteEndPoint);
                await client.DisconnectAsync(new MqttServerClientDisconnectOptions { ReasonCode = MqttDisconnectReasonCode.NotAuthorized }).ConfigureAwait(false);
            }
        }
    }

    private async Task ValidateAsync(ValidatingConnectionEventArgs e)
    {
        // The client id is the agent id: one session per agent, and the rules need no table from connection to agent.
        if (e.ClientId == HubClientId || e.ClientId != e.UserName)
        {
            LogRefusal(e, $"client id {UntrustedText.Shown(e.ClientId)} is not the agent id");
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var authenticator = scope.ServiceProvider.GetRequiredService<AgentAuthenticator>();
        var agent = await authenticator.AuthenticateAsync(e.UserName, e.Password, CancellationToken.None).ConfigureAwait(false);
        if (agent is null)
        {
            LogRefusal(e, "unknown agent, wrong credential or revoked");
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            return;
        }

        e.ReasonCode = MqttConnectReasonCode.Success;
    }

    /// <summary>
    /// A refused login, logged once per source a minute (a stranger retrying cannot flood the log); the user name and client
    /// id come before any check, so they are shown escaped.
    /// </summary>
    private void LogRefusal(ValidatingConnectionEventArgs e, string reason)
    {
        if (throttle.ShouldLog("mqtt-login", (e.RemoteEndPoint as IPEndPoint)?.Address, out long held))
        {
            logger.LogWarning("MQTT: login refused for {User} from {EndPoint}: {Reason}; {Held} more refusals from there were not logged",
                UntrustedText.Shown(e.UserName), e.RemoteEndPoint, reason, held);
        }
    }

    /// <summary>
    /// A login checked just before a revocation was stored may become a session just after the revocation closed the
    /// agent's sessions: checking again once the session is listed closes that gap.
    /// </summary>
    private async Task RefuseIfRevokedMeanwhileAsync(ClientConnectedEventArgs e)
    {
        await using var scope = scopes.CreateAsyncScope();
        var authenticator = scope.ServiceProvider.GetRequiredService<AgentAuthenticator>();
        if (await authenticator.IsRevokedAsync(e.ClientId, CancellationToken.None).ConfigureAwait(false))
        {
            await DisconnectAsync(e.ClientId).ConfigureAwait(false);
        }
    }
}
