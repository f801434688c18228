using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kdfm.Snmp.Transport;

/// <summary>
/// An asynchronous SNMP manager over one UDP socket per address family, shared by every target.
/// Replies are matched to requests by request-id (v1/v2c) or msgID (v3) and by source address; retries resend
/// the same datagram, so a late reply to an earlier attempt still completes the request. One receive loop and
/// one deadline timer serve thousands of requests in flight, with no thread per request. A malformed or
/// unexpected datagram is counted and dropped: it never fails a request or stops the loop.
/// </summary>
public sealed partial class SnmpClient : IAsyncDisposable
{
    private readonly ILogger _logger;
    private readonly SnmpClientOptions _options;
    private readonly Socket _socket4;
    private readonly Lazy<Socket> _socket6;
    private readonly ConcurrentDictionary<int, PendingRequest> _pending = new();
    private readonly ConcurrentDictionary<IPEndPoint, PeerState> _peers = new();
    private readonly ConcurrentDictionary<UsmUser, MasterKeys> _masterKeys = new();
    private readonly LocalizedKeyCache _keys;
    private readonly PriorityQueue<PendingRequest, long> _deadlines = new();
    private readonly Lock _deadlinesLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private int _nextId;
    private long _salt;
    private long _sent;
    private long _retransmissions;
    private long _accepted;
    private long _timeouts;
    private long _strays;
    private long _malformed;
    private long _authFailures;
    private long _bytesSent;
    private long _bytesReceived;
    private long _receiveFaults;
    private long _notInTimeWindow;

    public SnmpClient(SnmpClientOptions? options = null, ILogger<SnmpClient>? logger = null)
    {
        _options = options ?? SnmpClientOptions.Default;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _keys = new LocalizedKeyCache(_options.KeyCacheCapacity);
        _socket4 = OpenSocket(AddressFamily.InterNetwork);
        _socket6 = new Lazy<Socket>(() => OpenSocket(AddressFamily.InterNetworkV6), LazyThreadSafetyMode.ExecutionAndPublication);
        _nextId = Random.Shared.Next(1, int.MaxValue / 2);
        _salt = Random.Shared.NextInt64();
        _loops.Add(Task.Run(TimerLoopAsync));
    }

    public SnmpClientStatistics Statistics => new(
        Interlocked.Read(ref _sent), Interlocked.Read(ref _retransmissions), Interlocked.Read(ref _accepted),
        Interlocked.Read(ref _timeouts), Interlocked.Read(ref _strays), Interlocked.Read(ref _malformed),
        Interlocked.Read(ref _authFailures), Interlocked.Read(ref _bytesSent), Interlocked.Read(ref _bytesReceived),
        Interlocked.Read(ref _receiveFaults), Interlocked.Read(ref _notInTimeWindow));

    /// <summary>How many localised keys the client holds (bounded by <see cref="SnmpClientOptions.KeyCacheCapacity"/>).</summary>
    internal int KeyCacheCount => _keys.Count;

    /// <summary>The local endpoint of the IPv4 socket (useful to tests and to diagnose firewalls).</summary>
    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket4.LocalEndPoint!;

    public Task<SnmpResult<Pdu>> GetAsync(SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default) =>
        RequestCheckedAsync(target, Pdu.Get(0, [.. oids]), cancellationToken);

    public Task<SnmpResult<Pdu>> GetNextAsync(SnmpTarget target, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default) =>
        RequestCheckedAsync(target, Pdu.GetNext(0, [.. oids]), cancellationToken);

    /// <summary>GETBULK (RFC 3416 §4.2.3); not available in v1.</summary>
    public Task<SnmpResult<Pdu>> GetBulkAsync(
        SnmpTarget target, int nonRepeaters, int maxRepetitions, IReadOnlyList<Oid> oids, CancellationToken cancellationToken = default)
    {
        if (target.Version == SnmpVersion.V1)
        {
            throw new ArgumentException("GETBULK does not exist in SNMPv1 (RFC 3416 §4.2.3); use GetNextAsync", nameof(target));
        }

        return RequestCheckedAsync(target, Pdu.GetBulk(0, nonRepeaters, maxRepetitions, [.. oids]), cancellationToken);
    }

    /// <summary>Sends any request PDU (its request-id is replaced) and returns the response as it came, error-status included.</summary>
    public Task<SnmpResult<Pdu>> RequestAsync(SnmpTarget target, Pdu pdu, CancellationToken cancellationToken = default)
    {
        var peer = Peer(target.EndPoint);
        if (target.Version == SnmpVersion.V3)
        {
            return RequestV3Async(target, peer, pdu, cancellationToken);
        }

        if (target.Community is null)
        {
            throw new ArgumentException($"a {target.Version} target needs a community", nameof(target));
        }

        int id = NextId();
        var datagram = new CommunityMessage(target.Version, target.Community.Reveal().ToArray(), pdu.WithRequestId(id)).Encode();
        return ExchangeForPduAsync(target, peer, id, datagram, cancellationToken);
    }

    private async Task<SnmpResult<Pdu>> ExchangeForPduAsync(SnmpTarget target, PeerState peer, int id, byte[] datagram, CancellationToken cancellationToken)
    {
        var reply = await ExchangeAsync(target, peer, id, datagram, null, null, cancellationToken).ConfigureAwait(false);
        return reply.IsSuccess ? SnmpResult<Pdu>.Success(reply.Value.Pdu) : reply.Error!;
    }

    private async Task<SnmpResult<Pdu>> RequestCheckedAsync(SnmpTarget target, Pdu pdu, CancellationToken cancellationToken)
    {
        var result = await RequestAsync(target, pdu, cancellationToken).ConfigureAwait(false);
        if (!result.IsSuccess || result.Value.ErrorStatus == ErrorStatus.NoError)
        {
            return result;
        }

        var response = result.Value;
        int index = response.ErrorIndex;
        Oid? oid = index >= 1 && index <= pdu.VarBinds.Length ? pdu.VarBinds[index - 1].Oid : null;
        return new ErrorStatusError(response.ErrorStatus, index, oid);
    }

    /// <summary>Registers, sends and awaits one request; retries and the deadline are handled by the timer loop.</summary>
    private async Task<SnmpResult<Reply>> ExchangeAsync(
        SnmpTarget target, PeerState peer, int id, byte[] datagram, UsmUser? user, LocalizedKeys? keys, CancellationToken cancellationToken)
    {
        var socket = target.EndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? _socket6.Value : _socket4;
        var pending = new PendingRequest(id, target, peer, socket, datagram, user, keys);
        _pending[id] = pending;
        var sendError = Send(pending);
        if (sendError is not null)
        {
            _pending.TryRemove(id, out _);
            return sendError;
        }

        Schedule(pending);
        using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(() =>
            {
                if (_pending.TryRemove(id, out _))
                {
                    pending.Completion.TrySetCanceled(cancellationToken);
                }
            })
            : default;
        var reply = await pending.Completion.Task.ConfigureAwait(false);
        return reply is null ? new TimeoutError(target.EndPoint, target.Retries) : SnmpResult<Reply>.Success(reply);
    }

    private SendFailedError? Send(PendingRequest pending)
    {
        try
        {
            pending.Socket.SendTo(pending.Datagram, SocketFlags.None, pending.Peer.Address);
            Interlocked.Increment(ref _sent);
            Interlocked.Add(ref _bytesSent, pending.Datagram.Length);
            return null;
        }
        catch (SocketException e)
        {
            _logger.LogDebug("Sending to {Target} failed: {SocketError}", pending.Target.EndPoint, e.SocketErrorCode);
            return new SendFailedError(pending.Target.EndPoint, e.SocketErrorCode);
        }
    }

    private void Schedule(PendingRequest pending)
    {
        long deadline = Environment.TickCount64 + (long)pending.Target.Timeout.TotalMilliseconds;
        lock (_deadlinesLock)
        {
            _deadlines.Enqueue(pending, deadline);
        }
    }

    private async Task TimerLoopAsync()
    {
        using var timer = new PeriodicTimer(_options.TimerResolution);
        var expired = new List<PendingRequest>();
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token).ConfigureAwait(false))
            {
                long now = Environment.TickCount64;
                lock (_deadlinesLock)
                {
                    while (_deadlines.TryPeek(out var pending, out long deadline) && deadline <= now)
                    {
                        _deadlines.Dequeue();
                        expired.Add(pending);
                    }
                }

                foreach (var pending in expired)
                {
                    Expire(pending);
                }

                expired.Clear();
            }
        }
        catch (OperationCanceledException)
        {
            // Disposal: the loop ends.
        }
    }

    private void Expire(PendingRequest pending)
    {
        if (pending.Completion.Task.IsCompleted || !_pending.ContainsKey(pending.Id))
        {
            return;
        }

        if (pending.RetriesLeft > 0)
        {
            pending.RetriesLeft--;
            Interlocked.Increment(ref _retransmissions);
            Send(pending);
            Schedule(pending);
            return;
        }

        if (_pending.TryRemove(pending.Id, out _))
        {
            Interlocked.Increment(ref _timeouts);
            pending.Completion.TrySetResult(null);
        }
    }

    private PeerState Peer(IPEndPoint endPoint) => _peers.GetOrAdd(endPoint, static ep => new PeerState(ep));

    private int NextId()
    {
        while (true)
        {
            int id = Interlocked.Increment(ref _nextId) & int.MaxValue;
            if (id != 0 && !_pending.ContainsKey(id))
            {
                return id;
            }
        }
    }

    private Socket OpenSocket(AddressFamily family)
    {
        var socket = new Socket(family, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            socket.ReceiveBufferSize = _options.ReceiveBufferBytes;
        }
        catch (SocketException e)
        {
            _logger.LogDebug("Receive buffer of {Bytes} bytes refused ({SocketError}); keeping the default", _options.ReceiveBufferBytes, e.SocketErrorCode);
        }

        socket.Bind(new IPEndPoint(family == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0));
        _loops.Add(Task.Run(() => DatagramLoop.RunAsync(socket, MaxDatagram, Accept, _stop.Token)));
        return socket;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _socket4.Dispose();
        if (_socket6.IsValueCreated)
        {
            _socket6.Value.Dispose();
        }

        foreach (var pending in _pending.Values)
        {
            pending.Completion.TrySetCanceled();
        }

        await Task.WhenAll(_loops).ConfigureAwait(false);
        _stop.Dispose();
    }
}
