using System.Collections.Immutable;
using System.Text;
using Kdfm.Simulator.Fleet;
using Kdfm.Snmp;
using Kdfm.Snmp.Ber;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Simulator.Agent;

/// <summary>
/// The agent side of one request: community check (v1/v2c), or the authoritative USM engine (RFC 3414 §3.2:
/// discovery, user, level, digest, time window, decryption, each failure answered with its Report), then the PDU.
/// One instance per receive loop: it reuses its buffers and is not thread-safe.
/// </summary>
internal sealed class AgentResponder
{
    /// <summary>RFC 3414 §2.2.3: the time window is 150 seconds.</summary>
    private const int TimeWindowSeconds = 150;

    private readonly byte[] _community;
    private readonly MasterKeys? _v3;
    private readonly byte[] _v3Name;
    private readonly int _maxMessageSize;
    private readonly List<PlanEntry> _plan = [];

    public AgentResponder(Secret community, MasterKeys? v3User, int maxMessageSize = 65507)
    {
        _community = community.Reveal().ToArray();
        _v3 = v3User;
        _v3Name = v3User is null ? [] : Encoding.UTF8.GetBytes(v3User.User.Name);
        _maxMessageSize = maxMessageSize;
    }

    /// <summary>Writes the reply to <paramref name="request"/> into <paramref name="writer"/>; false means no reply.</summary>
    /// <exception cref="BerDecodeException">The request is malformed.</exception>
    public bool Respond(SimulatedDevice device, ReadOnlySpan<byte> request, BerWriter writer, long nowMs)
    {
        writer.Reset();
        var header = MessageHeader.Peek(request);
        return header.Version == SnmpVersion.V3 ? RespondV3(device, request, writer, nowMs) : RespondCommunity(device, request, writer);
    }

    private bool RespondCommunity(SimulatedDevice device, ReadOnlySpan<byte> request, BerWriter writer)
    {
        var message = CommunityMessage.Decode(request);
        if (!message.Community.AsSpan().SequenceEqual(_community))
        {
            return false; // RFC 1157 §4.1: a wrong community is dropped silently (an authenticationFailure).
        }

        bool v1 = message.Version == SnmpVersion.V1;
        // Room for the varbinds: the message minus its header (version, community, PDU fields) with margin.
        int budget = _maxMessageSize - 40 - _community.Length;
        var (status, index) = PduProcessor.Plan(device.View, message.Pdu, v1, budget, _plan);

        int seq = writer.Begin(BerTag.Sequence);
        writer.WriteInteger((int)message.Version);
        writer.WriteOctetString(_community);
        int pdu = writer.Begin((byte)PduType.Response);
        writer.WriteInteger(message.Pdu.RequestId);
        writer.WriteInteger((int)status);
        writer.WriteInteger(index);
        int list = writer.Begin(BerTag.Sequence);
        foreach (var entry in _plan)
        {
            if (entry.IsRow)
            {
                writer.WriteRaw(device.View.EncodedAt(entry.Row));
            }
            else
            {
                PduProcessor.WriteLiteral(writer, entry);
            }
        }

        writer.End(list);
        writer.End(pdu);
        writer.End(seq);
        return true;
    }

    private bool RespondV3(SimulatedDevice device, ReadOnlySpan<byte> request, BerWriter writer, long nowMs)
    {
        var message = V3MessageCodec.Decode(request);
        if (message.SecurityModel != V3Message.UsmSecurityModel)
        {
            return false;
        }

        bool reportable = (message.Flags & V3Flags.Reportable) != 0;
        var security = message.Security;
        int requestId = message.ScopedPdu?.Pdu.RequestId ?? 0;
        int time = device.EngineTime(nowMs);

        // RFC 3414 §3.2 step 3: an unknown (or empty, for discovery) engine ID.
        if (!security.EngineId.AsSpan().SequenceEqual(device.EngineId))
        {
            return reportable && Report(device, writer, message, requestId, UsmReportKind.UnknownEngineId, authenticated: false, time);
        }

        // Step 4: the user.
        if (_v3 is null || !security.UserName.AsSpan().SequenceEqual(_v3Name))
        {
            return reportable && Report(device, writer, message, requestId, UsmReportKind.UnknownUserName, authenticated: false, time);
        }

        // Step 5: the security level must be the user's.
        var level = (message.Flags & (V3Flags.Auth | V3Flags.Priv)) switch
        {
            V3Flags.Auth | V3Flags.Priv => SecurityLevel.AuthPriv,
            V3Flags.Auth => SecurityLevel.AuthNoPriv,
            V3Flags.None => SecurityLevel.NoAuthNoPriv,
            _ => (SecurityLevel)(-1),
        };
        if (level != _v3.User.Level)
        {
            return reportable && Report(device, writer, message, requestId, UsmReportKind.UnsupportedSecurityLevel, authenticated: false, time);
        }

        var keys = device.Keys(_v3);
        var scoped = message.ScopedPdu;
        if (level != SecurityLevel.NoAuthNoPriv)
        {
            // Step 6: the digest.
            if (!V3MessageCodec.Authenticate(_v3.User.Auth, keys.AuthKey, request, message))
            {
                return reportable && Report(device, writer, message, requestId, UsmReportKind.WrongDigest, authenticated: false, time);
            }

            // Step 7: the time window; the report is authenticated so the manager can trust the clock in it.
            if (security.EngineBoots != device.EngineBoots || Math.Abs(security.EngineTime - time) > TimeWindowSeconds)
            {
                return reportable && Report(device, writer, message, requestId, UsmReportKind.NotInTimeWindow, authenticated: true, time);
            }

            // Step 8: decryption.
            if (level == SecurityLevel.AuthPriv)
            {
                scoped = V3MessageCodec.Decrypt(_v3.User.Priv, keys.PrivKey, message);
                if (scoped is null)
                {
                    return reportable && Report(device, writer, message, requestId, UsmReportKind.DecryptionError, authenticated: true, time);
                }
            }
        }

        if (scoped is null)
        {
            return false;
        }

        int budget = Math.Min(_maxMessageSize, Math.Max(484, message.MaxSize)) - 120 - _v3Name.Length;
        var (status, index) = PduProcessor.Plan(device.View, scoped.Pdu, v1: false, budget, _plan);
        var rows = ImmutableArray.CreateBuilder<VarBind>(_plan.Count);
        foreach (var entry in _plan)
        {
            rows.Add(entry.IsRow ? new VarBind(device.View.OidAt(entry.Row), device.View.ValueAt(entry.Row)) : new VarBind(entry.Oid, entry.Value));
        }

        var response = new ScopedPdu(device.EngineId, scoped.ContextName,
            new Pdu(PduType.Response, scoped.Pdu.RequestId, (int)status, index, rows.MoveToImmutable()));
        var flags = message.Flags & (V3Flags.Auth | V3Flags.Priv);
        var replySecurity = new UsmSecurityParameters(device.EngineId, device.EngineBoots, time, security.UserName, [], []);
        writer.WriteRaw(V3MessageCodec.Encode(message.MessageId, _maxMessageSize, flags, replySecurity, response,
            _v3.User.Auth, _v3.User.Priv, keys, device.NextSalt()));
        return true;
    }

    private bool Report(SimulatedDevice device, BerWriter writer, V3Message request, int requestId, UsmReportKind kind, bool authenticated, int time)
    {
        var counter = new VarBind(UsmReport.CounterOid(kind), SnmpValue.Counter32(1));
        var pdu = new Pdu(PduType.Report, requestId, 0, 0, [counter]);
        var scoped = new ScopedPdu(device.EngineId, request.ScopedPdu?.ContextName ?? [], pdu);
        var userName = authenticated ? request.Security.UserName : kind == UsmReportKind.UnknownEngineId ? [] : request.Security.UserName;
        var security = new UsmSecurityParameters(device.EngineId, device.EngineBoots, time, userName, [], []);
        var bytes = authenticated && _v3 is not null
            ? V3MessageCodec.Encode(request.MessageId, _maxMessageSize, V3Flags.Auth, security, scoped, _v3.User.Auth, PrivProtocol.None, device.Keys(_v3))
            : V3MessageCodec.Encode(request.MessageId, _maxMessageSize, V3Flags.None, security, scoped);
        writer.WriteRaw(bytes);
        return true;
    }
}
