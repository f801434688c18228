namespace Kdfm.Snmp.Ber;

/// <summary>What is wrong with a malformed BER encoding.</summary>
public enum BerErrorKind
{
    /// <summary>The data ends inside a tag, a length or a value.</summary>
    Truncated,
    /// <summary>Another tag was found where the grammar needs a given one.</summary>
    UnexpectedTag,
    /// <summary>Indefinite length (0x80), forbidden by SNMP (RFC 3417 §8).</summary>
    IndefiniteLength,
    /// <summary>A length that does not fit in 31 bits or has a bad form.</summary>
    InvalidLength,
    /// <summary>An integer whose value does not fit its type.</summary>
    IntegerOverflow,
    /// <summary>An OBJECT IDENTIFIER whose sub-identifiers are malformed or too large.</summary>
    InvalidOid,
    /// <summary>A value that is well-formed BER but not a legal SNMP value (e.g. IpAddress of 3 bytes).</summary>
    InvalidValue,
    /// <summary>Bytes left over after the outermost element.</summary>
    TrailingData,
    /// <summary>A multi-byte tag (tag number 31), never used by SNMP.</summary>
    UnsupportedTag,
    /// <summary>A message version this engine does not speak.</summary>
    UnsupportedVersion,
}

/// <summary>The one exception of the BER codec: malformed input, with where and what.</summary>
public sealed class BerDecodeException : Exception
{
    public BerDecodeException(BerErrorKind kind, int offset, byte tag, string detail)
        : base($"{kind} at offset {offset} (tag 0x{tag:X2}): {detail}")
    {
        Kind = kind;
        Offset = offset;
        Tag = tag;
    }

    public BerErrorKind Kind { get; }

    /// <summary>Offset in the decoded buffer of the element that failed.</summary>
    public int Offset { get; }

    /// <summary>Tag of the element that failed (0 when the tag itself could not be read).</summary>
    public byte Tag { get; }
}
