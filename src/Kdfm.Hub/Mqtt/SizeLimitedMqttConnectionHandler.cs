using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using MQTTnet.AspNetCore;

namespace Kdfm.Hub.Mqtt;

/// <summary>
/// MQTTnet's connection handler behind a packet size limit (Hub:MqttMaxPacketKilobytes), for both MQTT over TLS and MQTT
/// over WebSockets: MQTTnet 5's broker has no limit of its own and would buffer a packet of up to 256 MB from a client that
/// has not even logged in.
/// </summary>
public sealed class SizeLimitedMqttConnectionHandler(MqttConnectionHandler mqtt, HubOptions options, ILogger<SizeLimitedMqttConnectionHandler> logger) : ConnectionHandler
{
    public override Task OnConnectedAsync(ConnectionContext connection)
    {
        var transport = connection.Transport;
        var guard = new MqttPacketSizeGuard(options.MqttMaxPacketKilobytes * 1024);
        // MQTTnet reads connection.Transport.Input on every packet: the guarded reader is what it reads from now on.
        connection.Transport = new Duplex(new SizeLimitedPipeReader(transport.Input, guard, refusal =>
            logger.LogWarning("MQTT: connection from {EndPoint} closed: {Reason}", connection.RemoteEndPoint?.ToString() ?? connection.ConnectionId, refusal.Message)), transport.Output);
        return mqtt.OnConnectedAsync(connection);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}
