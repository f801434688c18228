using Kdfm.Agent;
using MQTTnet;
using MQTTnet.Protocol;

namespace Kdfm.Hub.Mqtt;

/// <summary>
/// "Task waiting" published on an external broker (Hub:ExternalBroker = host:port, MQTT over TLS; user/password from
/// Hub:ExternalBrokerUser / Hub:ExternalBrokerPassword) instead of the in-process one. The broker's ACLs then enforce
/// that an agent reads only its own topic.
/// </summary>
public sealed class ExternalBrokerNotifier(HubOptions options, ILogger<ExternalBrokerNotifier> logger) : ITaskNotifier, IAsyncDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private IMqttClient? _client;

    public async Task NotifyAsync(string agentId, string taskId, CancellationToken cancellationToken)
    {
        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_client is not { IsConnected: true })
            {
                _client?.Dispose();
                _client = new MqttClientFactory().CreateMqttClient();
                var (host, port) = HostAndPort(options.ExternalBroker);
                var builder = new MqttClientOptionsBuilder().WithClientId("kdfm-hub-" + Environment.MachineName).WithTcpServer(host, port);
                if (options.ExternalBrokerTls)
                {
                    string pin = new([.. options.ExternalBrokerPin.Where(Uri.IsHexDigit).Select(char.ToUpperInvariant)]);
                    builder.WithTlsOptions(o => o.UseTls()
                        .WithSslProtocols(System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13)
                        .WithCertificateValidationHandler(e => pin.Length == 0
                            ? e.SslPolicyErrors == System.Net.Security.SslPolicyErrors.None
                            : Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(e.Certificate.GetRawCertData())) == pin));
                }

                if (!string.IsNullOrEmpty(options.ExternalBrokerUser))
                {
                    builder.WithCredentials(options.ExternalBrokerUser, options.ExternalBrokerPassword);
                }

                await _client.ConnectAsync(builder.Build(), cancellationToken).ConfigureAwait(false);
            }

            var message = new MqttApplicationMessageBuilder().WithTopic(AgentTopics.Tasks(agentId)).WithPayload(taskId)
                .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();
            await _client.PublishAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The task is stored: the agent gets it at its next poll. Only the push is lost.
            logger.LogWarning("External MQTT broker {Broker}: could not publish task {Task}: {Error}", options.ExternalBroker, taskId, e.Message);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>"host:port", "[v6]:port" or a host alone (port 8883, MQTT over TLS); a port that is not a number is 0.</summary>
    public static (string Host, int Port) HostAndPort(string broker)
    {
        string host = broker, port = "8883";
        int colon = broker.LastIndexOf(':');
        if (broker.StartsWith('['))
        {
            int close = broker.IndexOf(']', StringComparison.Ordinal);
            host = close > 0 ? broker[1..close] : broker;
            port = close > 0 && close + 1 < broker.Length && broker[close + 1] == ':' ? broker[(close + 2)..] : port;
        }
        else if (colon >= 0 && broker.IndexOf(':', StringComparison.Ordinal) == colon)
        {
            (host, port) = (broker[..colon], broker[(colon + 1)..]);
        }

        return (host, int.TryParse(port, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int number) ? number : 0);
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }
}
