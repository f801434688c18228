namespace Kdfm.Snmp.Messages;

/// <summary>
/// A decoded SNMPv3 message (RFC 3412 §6) with the User-based Security Model's parameters. Exactly one of
/// <see cref="ScopedPdu"/> (plaintext) and <see cref="EncryptedPdu"/> is set.
/// </summary>
public sealed record V3Message(
    int MessageId,
    int MaxSize,
    V3Flags Flags,
    int SecurityModel,
    UsmSecurityParameters Security,
    ScopedPdu? ScopedPdu,
    byte[]? EncryptedPdu)
{
    /// <summary>The User-based Security Model's number (RFC 3411 §5 SnmpSecurityModel).</summary>
    public const int UsmSecurityModel = 3;

    /// <summary>Absolute offset of msgAuthenticationParameters' contents in the datagram it was decoded from.</summary>
    public int AuthParametersOffset { get; init; }

    public bool Equals(V3Message? other) =>
        other is not null && MessageId == other.MessageId && MaxSize == other.MaxSize && Flags == other.Flags &&
        SecurityModel == other.SecurityModel && Security.Equals(other.Security) && Equals(ScopedPdu, other.ScopedPdu) &&
        EncryptedPdu.AsSpan().SequenceEqual(other.EncryptedPdu);

    public override int GetHashCode() => HashCode.Combine(MessageId, Flags, Security);
}
