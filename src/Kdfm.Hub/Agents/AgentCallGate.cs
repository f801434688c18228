using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Kdfm.Agent;
using Kdfm.Hub.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Checks each gRPC call before gRPC reads its message: the agent's id and credential (every method but Activate), the
/// agent's calls of that method in flight (Upload: <see cref="UploadsInFlightPerAgent"/>), that the message is not
/// compressed, then its length prefix against the method's limit. A stranger's 16 MB upload is refused on its headers; an
/// agent's message bigger than its method allows is refused on its first five bytes. The call is recognised by the
/// endpoint routing matched, not by its path: routing ignores case and a trailing slash, so any path that reaches a method
/// meets its rule, and a gRPC method without a rule is refused (deny by default). gRPC's own MaxReceiveMessageSize (the
/// largest of these limits) stays as a second line, and the server has no decompression at all (HubApp).
/// </summary>
public static class AgentCallGate
{
    /// <summary>Uploads one agent may have in flight: more would only wait for the database writer, holding their messages.</summary>
    public const int UploadsInFlightPerAgent = 2;

    public const string UploadInProgressMessage = "another upload of this agent is in progress; retry";

    /// <summary>
    /// One method's rules: its largest message, whether the caller must be an agent already, and how many calls of it
    /// one agent may have in flight (0 = no limit).
    /// </summary>
    public sealed record Rule(string Method, int MaxMessageBytes, bool NeedsAgent, string LimitName, int MaxInFlightPerAgent = 0);

    /// <summary>The rules by method name (the service's methods, <c>kdfm.agent.v1.AgentService</c>).</summary>
    public static IReadOnlyDictionary<string, Rule> Rules(HubOptions options)
    {
        Rule[] rules =
        [
            new("Activate", 4 * 1024, NeedsAgent: false, "4 KB"),
            new("Poll", 64 * 1024, NeedsAgent: true, "64 KB"),
            new("ReportTaskResult", 64 * 1024, NeedsAgent: true, "64 KB"),
            new("Upload", UploadMaxBytes(options), NeedsAgent: true, $"Hub:UploadMaxMegabytes = {options.UploadMaxMegabytes}", UploadsInFlightPerAgent),
        ];
        return rules.ToDictionary(r => r.Method, StringComparer.Ordinal);
    }

    public static int UploadMaxBytes(HubOptions options) => options.UploadMaxMegabytes * 1024 * 1024;

    /// <summary>After UseRouting: the endpoint tells which method a call is for.</summary>
    public static void UseAgentCallGate(this WebApplication app, HubOptions options)
    {
        var rules = Rules(options);
        var slots = app.Services.GetRequiredService<AgentCallSlots>();
        var throttle = app.Services.GetRequiredService<LogThrottle>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AgentCallGate));
        app.Use(async (context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<GrpcMethodMetadata>() is not { } grpc)
            {
                await next(context).ConfigureAwait(false);
                return;
            }

            if (grpc.ServiceType != typeof(AgentGrpcService) || !rules.TryGetValue(grpc.Method.Name, out var rule))
            {
                await RefuseAsync(context, StatusCode.Unimplemented, $"no such method: {grpc.Method.FullName}").ConfigureAwait(false);
                return;
            }

            Storage.AgentRecord? agent = null;
            if (rule.NeedsAgent)
            {
                var authenticator = context.RequestServices.GetRequiredService<AgentAuthenticator>();
                // The same scoped authenticator answers the service again from its memory: one look-up per call.
                agent = await authenticator.AuthenticateAsync(context.Request.Headers[AgentHeaders.AgentId], context.Request.Headers[AgentHeaders.Credential],
                    context.RequestAborted).ConfigureAwait(false);
                if (agent is null)
                {
                    var peer = context.Connection.RemoteIpAddress;
                    if (throttle.ShouldLog("agent-call", peer, out long held))
                    {
                        string id = context.Request.Headers[AgentHeaders.AgentId].ToString();
                        logger.LogWarning("Agent call {Method} refused from {Peer}: unknown agent, wrong credential or revoked ({Agent}); {Held} more refusals from there were not logged",
                            rule.Method, peer, id.Length > 0 ? UntrustedText.Shown(id) : "no id", held);
                    }

                    await RefuseAsync(context, StatusCode.Unauthenticated, AgentAuthenticator.RefusalMessage).ConfigureAwait(false);
                    return;
                }
            }

            if (!string.IsNullOrEmpty(context.Request.Headers["grpc-encoding"]) && context.Request.Headers["grpc-encoding"] != "identity")
            {
                // gRPC over HTTP/2, "Compression": an encoding the server does not support is answered UNIMPLEMENTED.
                await RefuseAsync(context, StatusCode.Unimplemented, "the hub takes no compressed messages (grpc-encoding identity only)").ConfigureAwait(false);
                return;
            }

            if (rule.MaxInFlightPerAgent > 0 && agent is not null)
            {
                if (!slots.TryEnter(rule.Method, agent.Id, rule.MaxInFlightPerAgent))
                {
                    await RefuseAsync(context, StatusCode.ResourceExhausted, UploadInProgressMessage).ConfigureAwait(false);
                    return;
                }

                try
                {
                    await CheckMessageAsync(context, next, rule).ConfigureAwait(false);
                }
                finally
                {
                    slots.Exit(rule.Method, agent.Id);
                }

                return;
            }

            await CheckMessageAsync(context, next, rule).ConfigureAwait(false);
        });
    }

    /// <summary>The message's prefix against the rule, then the call.</summary>
    private static async Task CheckMessageAsync(HttpContext context, RequestDelegate next, Rule rule)
    {
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
                await RefuseAsync(context, StatusCode.Unimplemented, "the hub takes no compressed messages (grpc-encoding identity only)").ConfigureAwait(false);
                return;
            }

            uint length = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(1));
            if (length > rule.MaxMessageBytes)
            {
                // OutOfRange, not ResourceExhausted (the quota's, "retry later"): this message will never fit, a smaller one may.
                await RefuseAsync(context, StatusCode.OutOfRange,
                    $"{rule.Method}: a message of {length} bytes is over the limit of {rule.MaxMessageBytes} bytes ({rule.LimitName})").ConfigureAwait(false);
                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    /// <summary>A trailers-only gRPC answer (the status in the headers, no message), written before the request body is read.</summary>
    private static Task RefuseAsync(HttpContext context, StatusCode status, string message)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/grpc";
        context.Response.Headers["grpc-accept-encoding"] = "identity";
        context.Response.Headers["grpc-status"] = ((int)status).ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = Uri.EscapeDataString(message); // percent-encoded (gRPC over HTTP/2, "Responses")
        return context.Response.CompleteAsync();
    }
}
