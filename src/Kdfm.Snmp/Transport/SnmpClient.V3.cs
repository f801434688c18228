using System.Text;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Microsoft.Extensions.Logging;

namespace Kdfm.Snmp.Transport;

public sealed partial class SnmpClient
{
    private async Task<SnmpResult<Pdu>> RequestV3Async(SnmpTarget target, PeerState peer, Pdu pdu, CancellationToken cancellationToken)
    {
        var user = target.User ?? throw new ArgumentException("a v3 target needs a user", nameof(target));
        if (user.Validate() is { } problem)
        {
            throw new ArgumentException(problem, nameof(target));
        }

        var userName = Encoding.UTF8.GetBytes(user.Name);
        var contextName = Encoding.UTF8.GetBytes(target.ContextName);
        bool resynchronised = false;
        bool rediscovered = false;
        while (true)
        {
            var engineResult = await EngineAsync(target, peer, cancellationToken).ConfigureAwait(false);
            if (!engineResult.IsSuccess)
            {
                return engineResult.Error!;
            }

            var engine = engineResult.Value;
            var keys = user.Level == SecurityLevel.NoAuthNoPriv
                ? null
                : _keys.GetOrAdd(user, engine.EngineIdHex, () => _masterKeys.GetOrAdd(user, MasterKeys.From).Localize(engine.EngineId));
            var flags = V3Flags.Reportable | user.Level switch
            {
                SecurityLevel.AuthPriv => V3Flags.Auth | V3Flags.Priv,
                SecurityLevel.AuthNoPriv => V3Flags.Auth,
                _ => V3Flags.None,
            };

            int id = NextId();
            var security = new UsmSecurityParameters(engine.EngineId, engine.Boots, engine.TimeAt(Environment.TickCount64), userName, [], []);
            var scoped = new ScopedPdu(engine.EngineId, contextName, pdu.WithRequestId(id));
            var datagram = V3MessageCodec.Encode(id, _options.MaxMessageSize, flags, security, scoped, user.Auth, user.Priv, keys,
                (ulong)Interlocked.Increment(ref _salt));
            var reply = await ExchangeAsync(target, peer, id, datagram, user, keys, cancellationToken).ConfigureAwait(false);
            if (reply.Error is TimeoutError && user.Level != SecurityLevel.NoAuthNoPriv)
            {
                // No acceptable answer to an authenticated request: the notion of the engine may be what is wrong (an agent
                // that restarted without counting the boot and ignores requests outside its window, or answers that all
                // fall outside ours). The next request discovers the engine again (RFC 3414 §4), for one round trip.
                peer.ForgetEngine(engine);
            }

            if (reply.Error is TimeoutError timeout && user.Level == SecurityLevel.AuthPriv)
            {
                // Net-SNMP's agent drops a request it cannot decrypt instead of reporting decryptionError.
                return timeout with { Hint = $"the engine answered discovery; a wrong privacy passphrase or protocol for user {user.Name} looks like this" };
            }

            if (!reply.IsSuccess)
            {
                return reply.Error!;
            }

            var answer = reply.Value.Pdu;
            if (answer.Type != PduType.Report)
            {
                return SnmpResult<Pdu>.Success(answer);
            }

            var message = reply.Value.V3!;
            var kind = UsmReport.Classify(answer);
            if (kind == UsmReportKind.NotInTimeWindow && !resynchronised && (message.Flags & V3Flags.Auth) != 0)
            {
                // RFC 3414 §4: an authenticated notInTimeWindow report carries the engine's current boots and time. They
                // replace the notion as at first contact (§3.2 step 7b(1) from a notion of zero), even when the notion was
                // ahead (§2.3: it must stay within the engine's window). Re-sync once per request, never in a loop.
                resynchronised = true;
                peer.Engine = new EngineInfo(engine.EngineId, message.Security.EngineBoots, message.Security.EngineTime, Environment.TickCount64);
                _logger.LogDebug("Engine clock of {Target} re-synchronised: boots {Boots}, time {Time}",
                    target.EndPoint, message.Security.EngineBoots, message.Security.EngineTime);
                continue;
            }

            if (kind == UsmReportKind.UnknownEngineId && !rediscovered)
            {
                // The agent restarted with another engine ID: discover it again, once.
                rediscovered = true;
                peer.Engine = null;
                continue;
            }

            return new AuthenticationError(kind, user.Name);
        }
    }

    private Task<SnmpResult<EngineInfo>> EngineAsync(SnmpTarget target, PeerState peer, CancellationToken cancellationToken)
    {
        if (peer.Engine is { } known)
        {
            return Task.FromResult(SnmpResult<EngineInfo>.Success(known));
        }

        lock (peer)
        {
            if (peer.Discovery is { IsCompleted: false } running)
            {
                return running;
            }

            return peer.Discovery = DiscoverAsync(target, peer, cancellationToken);
        }
    }

    /// <summary>Engine discovery (RFC 3414 §4): an unauthenticated, reportable request with an empty engine ID and user.</summary>
    private async Task<SnmpResult<EngineInfo>> DiscoverAsync(SnmpTarget target, PeerState peer, CancellationToken cancellationToken)
    {
        int id = NextId();
        var probe = new ScopedPdu([], [], new Pdu(PduType.GetRequest, id, 0, 0, []));
        var datagram = V3MessageCodec.Encode(id, _options.MaxMessageSize, V3Flags.Reportable, UsmSecurityParameters.Empty, probe);
        var reply = await ExchangeAsync(target, peer, id, datagram, null, null, cancellationToken).ConfigureAwait(false);
        if (!reply.IsSuccess)
        {
            return reply.Error!;
        }

        var security = reply.Value.V3!.Security;
        if (!SnmpEngineId.IsValid(security.EngineId))
        {
            // RFC 3411 §5: SnmpEngineID is SIZE(5..32); no key can be localised to anything else.
            return new InvalidEngineIdError(target.EndPoint, security.EngineId.Length);
        }

        var engine = new EngineInfo(security.EngineId, security.EngineBoots, security.EngineTime, Environment.TickCount64);
        peer.Engine = engine;
        return SnmpResult<EngineInfo>.Success(engine);
    }
}
