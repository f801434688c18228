using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Grpc.Core;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Enrolment attempts per source address (Hub:EnrolmentAttemptsPerMinute, 0 = no limit), counted before the code is
/// looked at: guessing codes costs a minute per few tries from one address, whatever the codes.
/// </summary>
public sealed class EnrolmentRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private readonly ILogger<EnrolmentRateLimiter> _logger;

    public EnrolmentRateLimiter(HubOptions options, ILogger<EnrolmentRateLimiter> logger)
    {
        _logger = logger;
        PerMinute = options.EnrolmentAttemptsPerMinute;
        if (PerMinute > 0)
        {
            _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        }
    }

    public int PerMinute { get; }

    /// <summary>Takes one attempt from the caller's allowance, or refuses the call: ResourceExhausted, with when to retry.</summary>
    public void Acquire(ServerCallContext context)
    {
        var peer = context.GetHttpContext().Connection.RemoteIpAddress;
        if (TryAcquire(peer, out var retryAfter))
        {
            return;
        }

        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        _logger.LogWarning("Activation refused from {Peer}: more than {PerMinute} attempts a minute", peer, PerMinute);
        // grpc-retry-pushback-ms: the gRPC retry design's (A6) hint, in milliseconds.
        throw new RpcException(new Status(StatusCode.ResourceExhausted, $"too many enrolment attempts from {peer} (at most {PerMinute} a minute): retry in {seconds} s"),
            new Metadata { { "grpc-retry-pushback-ms", (seconds * 1000).ToString(CultureInfo.InvariantCulture) } });
    }

    /// <summary>Takes one attempt from <paramref name="peer"/>'s allowance; when none is left, how long until there is.</summary>
    public bool TryAcquire(IPAddress? peer, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }

        var key = peer is null ? IPAddress.None : peer.IsIPv4MappedToIPv6 ? peer.MapToIPv4() : peer;
        using var lease = _limiter.AttemptAcquire(key);
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return false;
    }

    public void Dispose() => _limiter?.Dispose();
}
