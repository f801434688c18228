using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Kdfm.Snmp.Messages;
using Kdfm.Snmp.Security;
using Kdfm.Snmp.Transport;

namespace Kdfm.Snmp.Tests.Transport;

/// <summary>The client's USM state machine (RFC 3414 §4 discovery, §3.2 step 7 time window) against a scripted v3 agent.</summary>
public class V3AgentTests
{
    private static readonly UsmUser User = new("kdfm", AuthProtocol.Sha256, new Secret("authpass-1"), PrivProtocol.Aes128, new Secret("privpass-1"));
    private static readonly Oid SysName = Oid.Parse("1.3.6.1.2.1.1.5.0");

    /// <summary>An authoritative engine whose clock and identity the test controls.</summary>
    private sealed class ScriptedEngine : IDisposable
    {
        private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        private readonly Thread _thread;

        public ScriptedEngine()
        {
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

        public ConcurrentQueue<V3Message> Received { get; } = new();

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

                var datagram = buffer.AsSpan(0, n).ToArray();
                var request = V3MessageCodec.Decode(datagram);
                Received.Enqueue(request);
                var keys = LocalizedKeys.Derive(User, EngineId);
                byte[] reply;
                if (!request.Security.EngineId.AsSpan().SequenceEqual(EngineId))
                {
                    reply = Report(request, UsmReportKind.UnknownEngineId, null);
                }
                else if (NeverInWindow || request.Security.EngineBoots != Boots || Math.Abs(request.Security.EngineTime - Time) > 150)
                {
                    reply = Report(request, UsmReportKind.NotInTimeWindow, keys);
                }
                else
                {
                    var scoped = V3MessageCodec.Decrypt(User.Priv, keys.PrivKey, request)!;
                    var response = new Pdu(PduType.Response, scoped.Pdu.RequestId, 0, 0, [new VarBind(SysName, SnmpValue.OctetString("in time"))]);
                    reply = V3MessageCodec.Encode(request.MessageId, 65507, V3Flags.Auth | V3Flags.Priv,
                        new UsmSecurityParameters(EngineId, Boots, Time, request.Security.UserName, [], []), new ScopedPdu(EngineId, [], response),
                        User.Auth, User.Priv, keys, 9);
                }

                _socket.SendTo(reply, from);
            }
        }

        private byte[] Report(V3Message request, UsmReportKind kind, LocalizedKeys? keys)
        {
            var pdu = new Pdu(PduType.Report, request.ScopedPdu?.Pdu.RequestId ?? 0, 0, 0, [new VarBind(UsmReport.CounterOid(kind), SnmpValue.Counter32(1))]);
            var security = new UsmSecurityParameters(EngineId, Boots, Time, keys is null ? [] : request.Security.UserName, [], []);
            return keys is null
                ? V3MessageCodec.Encode(request.MessageId, 65507, V3Flags.None, security, new ScopedPdu(EngineId, [], pdu))
                : V3MessageCodec.Encode(request.MessageId, 65507, V3Flags.Auth, security, new ScopedPdu(EngineId, [], pdu), User.Auth, PrivProtocol.None, keys);
        }

        public void Dispose()
        {
            _socket.Dispose();
            _thread.Join(TimeSpan.FromSeconds(5));
        }
    }

    private static SnmpTarget Target(ScriptedEngine engine) => SnmpTarget.V3(engine.EndPoint, User) with { Timeout = TimeSpan.FromSeconds(2), Retries = 0 };

    [Fact]
    public async Task Discovery_then_an_authenticated_request_with_the_engines_clock()
    {
        using var engine = new ScriptedEngine { Boots = 3, Time = 4242 };
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(engine), [SysName]);
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        var messages = engine.Received.ToArray();
        Assert.Equal(2, messages.Length);
        Assert.Empty(messages[0].Security.EngineId);                       // the discovery probe (RFC 3414 §4)
        Assert.Equal(V3Flags.Reportable, messages[0].Flags);
        Assert.Equal(3, messages[1].Security.EngineBoots);
        Assert.InRange(messages[1].Security.EngineTime, 4242, 4245);
    }

    [Fact]
    public async Task A_clock_that_moved_is_resynchronised_once()
    {
        using var engine = new ScriptedEngine();
        await using var client = new SnmpClient();
        Assert.True((await client.GetAsync(Target(engine), [SysName])).IsSuccess);

        engine.Boots = 2; // the agent rebooted: its boots and time changed
        engine.Time = 7;
        var result = await client.GetAsync(Target(engine), [SysName]);
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        var last = engine.Received.ToArray()[^2..];
        Assert.Equal(1, last[0].Security.EngineBoots);   // refused: not in the time window
        Assert.Equal(2, last[1].Security.EngineBoots);   // re-sent with the clock of the authenticated report
    }

    [Fact]
    public async Task An_agent_that_never_accepts_the_clock_gets_one_resync_not_a_loop()
    {
        using var engine = new ScriptedEngine { NeverInWindow = true };
        await using var client = new SnmpClient();
        var result = await client.GetAsync(Target(engine), [SysName]).WaitAsync(TimeSpan.FromSeconds(10));
        var error = Assert.IsType<AuthenticationError>(result.Error);
        Assert.Equal(UsmReportKind.NotInTimeWindow, error.Kind);
        Assert.Equal(3, engine.Received.Count); // discovery, the request, one re-sent request
    }

    [Fact]
    public async Task A_new_engine_id_is_rediscovered_once()
    {
        using var engine = new ScriptedEngine();
        await using var client = new SnmpClient();
        Assert.True((await client.GetAsync(Target(engine), [SysName])).IsSuccess);

        engine.EngineId = [0x80, 0, 0, 0, 5, 9, 9, 9]; // replaced agent, same address
        var result = await client.GetAsync(Target(engine), [SysName]);
        Assert.Equal("in time", result.Value.VarBinds.Single().Value.ToString());
        var last = engine.Received.ToArray()[^3..];
        Assert.Equal([0x80, 0, 0, 0, 5, 1, 2, 3], last[0].Security.EngineId); // refused: unknown engine ID
        Assert.Empty(last[1].Security.EngineId);                                // discovery again
        Assert.Equal([0x80, 0, 0, 0, 5, 9, 9, 9], last[2].Security.EngineId);
    }
}
