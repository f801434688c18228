using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>
/// An authoritative SNMPv3 engine on 127.0.0.1 for one USM user, whose clock and identity the test controls: it answers
/// discovery, refuses a request outside its time window with an authenticated Report (RFC 3414 §3.2), and answers the
/// rest with "in time". <see cref="Lie"/> sends, before such an answer, one that lies about the engine (a stale clock, a
/// bad engine ID, a privacy flag the user does not have) and says "lie": a client that accepts it ends with "lie".
/// Both go out at once, so what the client refuses is shown without waiting for a timeout.
/// </summary>
internal sealed class ScriptedEngine : IDisposable
{
    public static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _thread;
    private readonly UsmUser _user;
    private int _answers;

    public ScriptedEngine(UsmUser user)
    {
        _user = user;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _thread = new Thread(Serve) { IsBackground = true };
        _thread.Start();
    }

    public IPEndPoint EndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    public byte[] EngineId { get; set; } = [0x80, 0, 0, 0, 5, 1, 2, 3];

    public int Boots { get; set; } = 1;

    public int Time { get; set; } = 100;

    /// <summary>When set, every authenticated request is answered "not in time window", whatever it says.</summary>
    public bool NeverInWindow { get; set; }

    /// <summary>When set, a request outside the time window gets no answer at all instead of a Report (as some embedded agents do).</summary>
    public bool SilentOutsideWindow { get; set; }

    /// <summary>The lie to send before the n-th answer (1-based, Responses only); null for none.</summary>
    public Func<int, AnswerShape?>? Lie { get; set; }

    public ConcurrentQueue<V3Message> Received { get; } = new();

    /// <summary>What an answer claims instead of the engine's own state.</summary>
    public sealed record AnswerShape(int? Boots = null, int? Time = null, byte[]? EngineId = null, bool ClaimPrivacy = false);

    private void Serve()
    {
        var buffer = new byte[65535];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var request = V3MessageCodec.Decode(buffer.AsSpan(0, n));
            Received.Enqueue(request);
            var keys = LocalizedKeys.Derive(_user, EngineId);
            byte[] reply;
            if (request.Security.EngineId.Length == 0 || !request.Security.EngineId.AsSpan().SequenceEqual(EngineId))
            {
                reply = Report(request, UsmReportKind.UnknownEngineId, null);
            }
            else if (NeverInWindow || request.Security.EngineBoots != Boots || Math.Abs(request.Security.EngineTime - Time) > 150)
            {
                if (SilentOutsideWindow)
                {
                    continue;
                }

                reply = Report(request, UsmReportKind.NotInTimeWindow, keys);
            }
            else
            {
                if (Lie?.Invoke(++_answers) is { } lie)
                {
                    _socket.SendTo(Answer(request, keys, lie, "lie"), from);
                }

                reply = Answer(request, keys, new AnswerShape(), "in time");
            }

            _socket.SendTo(reply, from);
        }
    }

    private byte[] Answer(V3Message request, LocalizedKeys keys, AnswerShape shape, string sysName)
    {
        var scoped = V3MessageCodec.Decrypt(_user.Priv, keys.PrivKey, request)!;
        var response = new Pdu(PduType.Response, scoped.Pdu.RequestId, 0, 0, [new VarBind(SysName, SnmpValue.OctetString(sysName))]);
        var security = new UsmSecurityParameters(shape.EngineId ?? EngineId, shape.Boots ?? Boots, shape.Time ?? Time, request.Security.UserName, [], []);
        var (priv, privKeys) = shape.ClaimPrivacy && _user.Priv == PrivProtocol.None
            ? (PrivProtocol.Aes128, new LocalizedKeys(keys.AuthKey, new byte[16])) // a key the user cannot have: only the flag matters
            : (_user.Priv, keys);
        var flags = V3Flags.Auth | (priv == PrivProtocol.None ? V3Flags.None : V3Flags.Priv);
        return V3MessageCodec.Encode(request.MessageId, 65507, flags, security, new ScopedPdu(EngineId, [], response), _user.Auth, priv, privKeys, 9);
    }

    private byte[] Report(V3Message request, UsmReportKind kind, LocalizedKeys? keys)
    {
        var pdu = new Pdu(PduType.Report, request.ScopedPdu?.Pdu.RequestId ?? 0, 0, 0, [new VarBind(UsmReport.CounterOid(kind), SnmpValue.Counter32(1))]);
        var security = new UsmSecurityParameters(EngineId, Boots, Time, keys is null ? [] : request.Security.UserName, [], []);
        return keys is null
            ? V3MessageCodec.Encode(request.MessageId, 65507, V3Flags.None, security, new ScopedPdu(EngineId, [], pdu))
            : V3MessageCodec.Encode(request.MessageId, 65507, V3Flags.Auth, security, new ScopedPdu(EngineId, [], pdu), _user.Auth, PrivProtocol.None, keys);
    }

    public void Dispose()
    {
        _socket.Dispose();
        _thread.Join(TimeSpan.FromSeconds(5));
    }
}
