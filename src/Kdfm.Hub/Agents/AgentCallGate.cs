using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Grpc.Core;
using Kdfm.Agent.V1;
using Microsoft.AspNetCore.Http.Features;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Checks each call to the agents' gRPC service before gRPC reads its message: the agent's id and credential (every method
/// but Activate), then the message's length prefix against the method's limit. A stranger's 16 MB upload is refused on its
/// headers; an agent's message bigger than its method allows is refused on its first five bytes. gRPC's own
/// MaxReceiveMessageSize (the largest of these limits) stays as a second line.
/// </summary>
public static class AgentCallGate
{
    /// <summary>One method's rules: its largest message and whether the caller must be an agent already.</summary>
    public sealed record Rule(string Method, int MaxMessageBytes, bool NeedsAgent, string LimitName);

    /// <summary>The rules by request path (/kdfm.agent.v1.AgentService/Method).</summary>
    public static IReadOnlyDictionary<string, Rule> Rules(HubOptions options)
    {
        string service = "/" + AgentService.Descriptor.FullName + "/";
        Rule[] rules =
        [
            new("Activate", 4 * 1024, NeedsAgent: false, "4 KB"),
            new("Poll", 64 * 1024, NeedsAgent: true, "64 KB"),
            new("ReportTaskResult", 64 * 1024, NeedsAgent: true, "64 KB"),
            new("Upload", UploadMaxBytes(options), NeedsAgent: true, $"Hub:UploadMaxMegabytes = {options.UploadMaxMegabytes}"),
        ];
        return rules.ToDictionary(r => service + r.Method, StringComparer.Ordinal);
    }

    public static int UploadMaxBytes(HubOptions options) => options.UploadMaxMegabytes * 1024 * 1024;

    public static void UseAgentCallGate(this WebApplication app, HubOptions options)
    {
        var rules = Rules(options);
        app.Use(async (context, next) =>
        {
            if (!rules.TryGetValue(context.Request.Path.Value ?? string.Empty, out var rule))
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (rule.NeedsAgent)
            {
                var authenticator = context.RequestServices.GetRequiredService<AgentAuthenticator>();
                // The same scoped authenticator answers the service again from its memory: one look-up per call.
                var agent = await authenticator.AuthenticateAsync(context.Request.Headers[AgentAuthenticator.IdHeader], context.Request.Headers[AgentAuthenticator.CredentialHeader],
                    context.RequestAborted).ConfigureAwait(false);
                if (agent is null)
                {
                    context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgentCallGate)).LogWarning(
                        "Agent call {Method} refused from {Peer}: unknown agent, wrong credential or revoked ({Agent})", rule.Method, context.Connection.RemoteIpAddress,
                        context.Request.Headers[AgentAuthenticator.IdHeader].ToString() is { Length: > 0 } id ? id : "no id");
                    await RefuseAsync(context, StatusCode.Unauthenticated, AgentAuthenticator.RefusalMessage).ConfigureAwait(false);
                    return;
                }
            }

            // Kestrel counts the bytes too: nothing beyond one message of the largest size is ever read.
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
            {
                bodyLimit.MaxRequestBodySize = rule.MaxMessageBytes + 5L;
            }

            // gRPC over HTTP/2: each message is a 1-byte compressed flag and a 4-byte big-endian length, then the message.
            var reader = context.Request.BodyReader;
            var read = await reader.ReadAtLeastAsync(5, context.RequestAborted).ConfigureAwait(false);
            var prefix = read.Buffer;
            byte[] header = prefix.Length >= 5 ? prefix.Slice(0, 5).ToArray() : [];
            reader.AdvanceTo(prefix.Start); // nothing consumed: gRPC reads the message from the start
            if (header.Length == 5)
            {
                if (header[0] != 0)
                {
                    await RefuseAsync(context, StatusCode.Unimplemented, "the hub takes no compressed messages").ConfigureAwait(false);
                    return;
                }

                uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
                if (length > rule.MaxMessageBytes)
                {
                    await RefuseAsync(context, StatusCode.ResourceExhausted,
                        $"{rule.Method}: a message of {length} bytes is over the limit of {rule.MaxMessageBytes} bytes ({rule.LimitName})").ConfigureAwait(false);
                    return;
                }
            }

            await next(context).ConfigureAwait(false);
        });
    }

    /// <summary>A trailers-only gRPC answer (the status in the headers, no message), written before the request body is read.</summary>
    private static Task RefuseAsync(HttpContext context, StatusCode status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message); // percent-encoded (gRPC over HTTP/2, "Responses")
        return context.Response.CompleteAsync();
    }
}
