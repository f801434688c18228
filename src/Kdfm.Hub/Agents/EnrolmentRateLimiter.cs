using System.Net;
using System.Threading.RateLimiting;

namespace Kdfm.Hub.Agents;

/// <summary>
/// Enrolment attempts per source address (Hub:EnrolmentAttemptsPerMinute, 0 = no limit), counted before the code is
/// looked at: guessing codes costs a minute per few tries from one address, whatever the codes.
/// </summary>
public sealed class EnrolmentRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<IPAddress>? _limiter;

    public EnrolmentRateLimiter(HubOptions options)
    {
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
