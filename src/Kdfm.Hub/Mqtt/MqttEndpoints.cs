using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using MQTTnet.AspNetCore;

namespace Kdfm.Hub.Mqtt;

/// <summary>Where the in-process broker is reached: WebSocket upgrades on /mqtt, and a TLS listener of its own.</summary>
public static class MqttEndpoints
{
    public const string WebSocketPath = "/mqtt";

    /// <summary>
    /// MQTT over WebSockets on <see cref="WebSocketPath"/> and nothing else there: ASP.NET Core's connection dispatcher
    /// would also serve a negotiate endpoint (which makes a connection for anyone who asks), long polling and server-sent
    /// events. Needs UseWebSockets before it.
    /// </summary>
    public static void MapAgentMqtt(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(WebSocketPath, out var rest) && (rest.HasValue || !context.WebSockets.IsWebSocketRequest))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context).ConfigureAwait(false);
        });
        app.MapConnectionHandler<SizeLimitedMqttConnectionHandler>(WebSocketPath, dispatcher =>
        {
            dispatcher.Transports = HttpTransportType.WebSockets;
            dispatcher.WebSockets.SubProtocolSelector = MqttSubProtocolSelector.SelectSubProtocol;
        });
    }

    /// <summary>MQTT over TLS on a Kestrel listener (the listener's own UseHttps comes first).</summary>
    public static void UseAgentMqtt(this IConnectionBuilder listener) => listener.UseConnectionHandler<SizeLimitedMqttConnectionHandler>();
}
