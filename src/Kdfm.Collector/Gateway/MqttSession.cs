using System.Security.Authentication;
using Akka.Actor;
using Akka.Event;
using Kdfm.Agent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The MQTT session to the hub (or an external broker): logs in with the agent's id and credential, subscribes to
/// its task topic (<see cref="AgentTopics.Tasks"/>), and on any message there tells the poller to poll at once. Reconnects with back-off
/// (1 s doubling to 2 min); its state is in the gateway status. The hub never needs it: tasks also come with each poll.
/// </summary>
public sealed class MqttSession : ReceiveActor, IWithTimers
{
    private readonly Uri _url;
    private readonly string? _pin;
    private readonly AgentIdentity _identity;
    private readonly GatewayStatus _status;
    private readonly IActorRef _poller;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private IMqttClient? _client;
    private int _failures;

    public MqttSession(Uri url, AgentIdentity identity, GatewayStatus status, IActorRef poller, string? pin = null)
    {
        _url = url;
        _pin = string.IsNullOrEmpty(pin) ? identity.Pin : HubConnection.Normalize(pin);
        _identity = identity;
        _status = status;
        _poller = poller;
        Receive<Connect>(_ => StartConnect());
        Receive<Connected>(_ => OnConnected());
        Receive<Lost>(OnLost);
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Uri url, AgentIdentity identity, GatewayStatus status, IActorRef poller, string? pin = null) =>
        Akka.Actor.Props.Create(() => new MqttSession(url, identity, status, poller, pin));

    private sealed record Connect;

    private sealed record Connected;

    private sealed record Lost(string Reason);

    protected override void PreStart() => Self.Tell(new Connect());

    protected override void PostStop()
    {
        var client = _client;
        _client = null;
        if (client is not null)
        {
            _ = Task.Run(async () =>
            {
                try
                {
                    if (client.IsConnected)
                    {
                        await client.DisconnectAsync().ConfigureAwait(false);
                    }
                }
                catch (Exception)
                {
                    // the process is stopping: nothing to do about a broker that went away first
                }
                finally
                {
                    client.Dispose();
                }
            });
        }
    }

    private void StartConnect()
    {
        _client?.Dispose();
        var client = new MqttClientFactory().CreateMqttClient();
        _client = client;
        var self = Self;
        var poller = _poller;
        client.ApplicationMessageReceivedAsync += e =>
        {
            string notice = e.ApplicationMessage.ConvertPayloadToString() ?? string.Empty;
            poller.Tell(new HubPoller.PollNow($"task notice {notice[..Math.Min(notice.Length, 64)]}"));
            return Task.CompletedTask;
        };
        client.DisconnectedAsync += e =>
        {
            if (e.ClientWasConnected)
            {
                self.Tell(new Lost(e.Exception?.Message ?? e.ReasonString ?? e.Reason.ToString()));
            }

            return Task.CompletedTask;
        };
        string topic = AgentTopics.Tasks(_identity.AgentId);
        ConnectAsync(client, Options(), topic).PipeTo(Self, success: () => new Connected(), failure: e => new Lost(Describe(e)));
    }

    private static async Task ConnectAsync(IMqttClient client, MqttClientOptions options, string topic)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        var connected = await client.ConnectAsync(options, timeout.Token).ConfigureAwait(false);
        if (connected.ResultCode != MqttClientConnectResultCode.Success)
        {
            throw new InvalidOperationException($"the broker refused the login: {connected.ResultCode} {connected.ReasonString}");
        }

        var subscribed = await client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(topic, MqttQualityOfServiceLevel.AtLeastOnce).Build(), timeout.Token)
            .ConfigureAwait(false);
        var code = subscribed.Items.Single().ResultCode;
        if (code is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2))
        {
            await client.DisconnectAsync(cancellationToken: CancellationToken.None).ConfigureAwait(false);
            throw new InvalidOperationException($"the broker refused the subscription to {topic}: {code}");
        }
    }

    private MqttClientOptions Options()
    {
        var builder = new MqttClientOptionsBuilder()
            .WithClientId(_identity.AgentId)
            .WithCredentials(_identity.AgentId, _identity.Credential.RevealText())
            .WithCleanSession(true)
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(30))
            .WithTimeout(TimeSpan.FromSeconds(15));
        bool tls;
        switch (_url.Scheme)
        {
            case "wss":
            case "ws":
                builder.WithWebSocketServer(o => o.WithUri(_url.ToString()));
                tls = _url.Scheme == "wss";
                break;
            case "mqtts":
            case "mqtt":
                builder.WithTcpServer(_url.Host, _url.IsDefaultPort || _url.Port <= 0 ? (_url.Scheme == "mqtts" ? 8883 : 1883) : _url.Port);
                tls = _url.Scheme == "mqtts";
                break;
            default:
                throw new InvalidOperationException($"Collector:Gateway:MqttUrl: '{_url}' must start with wss://, mqtts://, ws:// or mqtt://");
        }

        if (tls)
        {
            string? pin = _pin;
            builder.WithTlsOptions(o => o.UseTls()
                .WithSslProtocols(SslProtocols.Tls12 | SslProtocols.Tls13)
                .WithCertificateValidationHandler(e => HubConnection.Accept(e.Certificate, e.SslPolicyErrors, pin)));
        }

        return builder.Build();
    }

    private void OnConnected()
    {
        _log.Info("MQTT session to {0} up (topic {1})", _url, AgentTopics.Tasks(_identity.AgentId));
        _failures = 0;
        _status.Update(s => s with { MqttConnected = true, MqttError = string.Empty });
        _poller.Tell(new HubPoller.PollNow("connected")); // a task may have been announced while the session was down
    }

    private void OnLost(Lost lost)
    {
        _failures++;
        var delay = TimeSpan.FromSeconds(Math.Min(120, Math.Pow(2, Math.Min(_failures - 1, 7))));
        _log.Warning("MQTT session to {0}: {1}; reconnecting in {2:F0} s (tasks still come with each poll)", _url, lost.Reason, delay.TotalSeconds);
        _status.Update(s => s with { MqttConnected = false, MqttError = $"MQTT {_url}: {lost.Reason}" });
        Timers.StartSingleTimer("reconnect", new Connect(), delay);
    }

    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is not null && inner is AggregateException or MQTTnet.Exceptions.MqttCommunicationException)
        {
            inner = inner.InnerException;
        }

        return inner.Message;
    }
}
