using Kdfm.Snmp.Messages;

namespace Kdfm.Snmp.Transport;

/// <summary>A reply that passed every check: its PDU, and for v3 the whole message (for the engine's boots and time).</summary>
internal sealed record Reply(Pdu Pdu, V3Message? V3);
