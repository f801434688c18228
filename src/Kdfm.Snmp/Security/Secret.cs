using System.Text;

namespace Kdfm.Snmp.Security;

/// <summary>A community, passphrase or key. Its <see cref="ToString"/> prints <c>***</c>, so it never reaches a log by accident.</summary>
public sealed class Secret : IEquatable<Secret>
{
    private readonly byte[] _bytes;

    public Secret(string text) : this(Encoding.UTF8.GetBytes(text))
    {
    }

    public Secret(byte[] bytes) => _bytes = bytes;

    public int Length => _bytes.Length;

    /// <summary>The secret bytes, for the few places that must use them (key derivation, the wire).</summary>
    public ReadOnlySpan<byte> Reveal() => _bytes;

    /// <summary>The secret as UTF-8 text, for the one place that must send it (a header, a login).</summary>
    public string RevealText() => Encoding.UTF8.GetString(_bytes);

    public override string ToString() => "***";

    public bool Equals(Secret? other) => other is not null && _bytes.AsSpan().SequenceEqual(other._bytes);

    public override bool Equals(object? obj) => Equals(obj as Secret);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.AddBytes(_bytes);
        return hash.ToHashCode();
    }
}
