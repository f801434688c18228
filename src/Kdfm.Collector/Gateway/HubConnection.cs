using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Kdfm.Agent;
using Kdfm.Agent.V1;

namespace Kdfm.Collector.Gateway;

/// <summary>
/// The gRPC channel to the hub (HTTP/2 over TLS 1.2+). With a pin, the hub's certificate is accepted when its SHA-256
/// fingerprint matches, whoever signed it (the hub's self-signed default); without one, the system's trust decides.
/// </summary>
public sealed class HubConnection : IDisposable
{
    private readonly GrpcChannel? _channel;
    private readonly Metadata _auth;

    public HubConnection(Uri hub, string? pin, AgentIdentity? identity = null)
        : this(hub, pin, identity, GrpcChannel.ForAddress(hub, new GrpcChannelOptions
        {
            HttpHandler = Handler(pin),
            MaxReceiveMessageSize = 16 * 1024 * 1024,
            DisposeHttpClient = true,
        }))
    {
    }

    /// <summary>The calls go through <paramref name="invoker"/> instead of a channel of its own (tests: a hub in memory).</summary>
    public HubConnection(Uri hub, CallInvoker invoker, AgentIdentity? identity = null)
        : this(hub, null, identity, null, invoker)
    {
    }

    private HubConnection(Uri hub, string? pin, AgentIdentity? identity, GrpcChannel channel)
        : this(hub, pin, identity, channel, channel.CreateCallInvoker())
    {
    }

    private HubConnection(Uri hub, string? pin, AgentIdentity? identity, GrpcChannel? channel, CallInvoker invoker)
    {
        Hub = hub;
        Pin = pin;
        _channel = channel;
        Client = new AgentService.AgentServiceClient(invoker);
        _auth = identity is null
            ? []
            : new Metadata { { AgentHeaders.AgentId, identity.AgentId }, { AgentHeaders.Credential, identity.Credential.RevealText() } };
    }

    public Uri Hub { get; }

    /// <summary>The pinned fingerprint, if any (for error messages).</summary>
    public string? Pin { get; }

    public AgentService.AgentServiceClient Client { get; }

    /// <summary>The agent's id and credential, sent with every call but Activate.</summary>
    public CallOptions Call(TimeSpan timeout, CancellationToken cancellationToken) =>
        new(_auth, DateTime.UtcNow + timeout, cancellationToken);

    /// <summary>TLS settings shared by gRPC and the MQTT session: 1.2/1.3 only, and the pin when there is one.</summary>
    public static SslClientAuthenticationOptions Tls(string host, string? pin) => new()
    {
        TargetHost = host,
        EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
        RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accept(certificate, errors, pin),
    };

    public static bool Accept(X509Certificate? certificate, SslPolicyErrors errors, string? pin)
    {
        if (string.IsNullOrEmpty(pin))
        {
            return errors == SslPolicyErrors.None;
        }

        return certificate is not null && string.Equals(Fingerprint(certificate), Normalize(pin), StringComparison.Ordinal);
    }

    public static string Fingerprint(X509Certificate certificate) => Convert.ToHexString(SHA256.HashData(certificate.GetRawCertData()));

    /// <summary>A pin as people paste it: colons, spaces and lower case allowed.</summary>
    public static string Normalize(string pin) => new([.. pin.Where(Uri.IsHexDigit).Select(char.ToUpperInvariant)]);

    private static SocketsHttpHandler Handler(string? pin) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            EnabledSslProtocols = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13,
            RemoteCertificateValidationCallback = (_, certificate, _, errors) => Accept(certificate, errors, pin),
        },
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        KeepAlivePingDelay = TimeSpan.FromSeconds(60),
        KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
        EnableMultipleHttp2Connections = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    };

    public void Dispose() => _channel?.Dispose();
}
