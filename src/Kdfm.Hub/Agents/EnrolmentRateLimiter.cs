using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Grpc.Core;
using Kdfm.Hub.Security;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Enrolment attempts per source (Hub:EnrolmentAttemptsPerMinute, 0 = no limit; an IPv6 source is its /64:
/// <see cref="SourceAddress"/>), counted before the code is looked at: guessing codes costs a minute per few tries from one
/// source, whatever the codes. And failed attempts from all sources together (Hub:EnrolmentFailuresPerMinute, 0 = no cap),
/// so that many addresses cannot guess at many times the rate of one: each attempt reserves one failure before it is
/// judged, and gives it back when it was not a wrong guess.
/// </summary>
public sealed class EnrolmentRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;
    private readonly ILogger<EnrolmentRateLimiter> _logger;
    private readonly LogThrottle _throttle;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private DateTimeOffset _failureWindowEnd;
    private int _failuresInWindow;

    public EnrolmentRateLimiter(HubOptions options, TimeProvider clock, LogThrottle throttle, ILogger<EnrolmentRateLimiter> logger)
    {
        _logger = logger;
        _throttle = throttle;
        _clock = clock;
        PerMinute = options.EnrolmentAttemptsPerMinute;
        FailuresPerMinute = options.EnrolmentFailuresPerMinute;
        if (PerMinute > 0)
        {
            _limiter = PartitionedRateLimiter.Create<IPAddress, IPAddress>(address => RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = PerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0,
            }));
        }
    }

    public int PerMinute { get; }

    public int FailuresPerMinute { get; }

    /// <summary>
    /// Takes one attempt from the caller's allowance and reserves one failure from the hub's, or refuses the call:
    /// ResourceExhausted, with when to retry. The caller gives the failure back (<see cref="NotAFailure"/>) unless the
    /// attempt was a wrong guess.
    /// </summary>
    public void Acquire(ServerCallContext context)
    {
        var peer = context.GetHttpContext().Connection.RemoteIpAddress;
        if (!TryAcquire(peer, out var retryAfter))
        {
            if (_throttle.ShouldLog("enrolment-rate", peer, out long held))
            {
                _logger.LogWarning("Activation refused from {Peer}: more than {PerMinute} attempts a minute; {Held} more refusals from there were not logged", peer, PerMinute, held);
            }

            throw Refusal($"too many enrolment attempts from {peer} (at most {PerMinute} a minute)", retryAfter);
        }

        if (!TryReserveFailure(out retryAfter))
        {
            if (_throttle.ShouldLog("enrolment-failures", IPAddress.None, out long held))
            {
                _logger.LogWarning("Activations refused: more than {FailuresPerMinute} failed attempts a minute from all sources (Hub:EnrolmentFailuresPerMinute); " +
                    "{Held} more refusals were not logged", FailuresPerMinute, held);
            }

            throw Refusal($"too many failed enrolment attempts on this hub (at most {FailuresPerMinute} a minute, from all sources)", retryAfter);
        }
    }

    /// <summary>Takes one attempt from <paramref name="peer"/>'s allowance; when none is left, how long until there is.</summary>
    public bool TryAcquire(IPAddress? peer, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (_limiter is null)
        {
            return true;
        }

        using var lease = _limiter.AttemptAcquire(SourceAddress.Key(peer));
        if (lease.IsAcquired)
        {
            return true;
        }

        retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : TimeSpan.FromMinutes(1);
        return false;
    }

    /// <summary>Reserves one failure of this minute's; when none is left, how long until the next minute.</summary>
    public bool TryReserveFailure(out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        if (FailuresPerMinute <= 0)
        {
            return true;
        }

        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (now >= _failureWindowEnd)
            {
                (_failureWindowEnd, _failuresInWindow) = (now + TimeSpan.FromMinutes(1), 0);
            }

            if (_failuresInWindow >= FailuresPerMinute)
            {
                retryAfter = _failureWindowEnd - now;
                return false;
            }

            _failuresInWindow++;
            return true;
        }
    }

    /// <summary>Gives back the failure an attempt reserved: it redeemed a code, or told its holder the code's state, or was malformed.</summary>
    public void NotAFailure()
    {
        var now = _clock.GetUtcNow();
        lock (_lock)
        {
            if (now < _failureWindowEnd && _failuresInWindow > 0)
            {
                _failuresInWindow--;
            }
        }
    }

    private static RpcException Refusal(string what, TimeSpan retryAfter)
    {
        int seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        // grpc-retry-pushback-ms: the gRPC retry design's (A6) hint, in milliseconds.
        return new RpcException(new Status(StatusCode.ResourceExhausted, $"{what}: retry in {seconds} s"),
            new Metadata { { "grpc-retry-pushback-ms", (seconds * 1000).ToString(CultureInfo.InvariantCulture) } });
    }

    public void Dispose() => _limiter?.Dispose();
}
