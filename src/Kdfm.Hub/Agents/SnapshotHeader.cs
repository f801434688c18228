using System.Text;
using System.Text.Json;
using Kdfm.Hub.Security;

namespace Kdfm.Hub.Agents;

/// <summary>
/// What the hub checks and indexes of an uploaded snapshot: its top-level <c>key</c>, <c>address</c>,
/// <c>collectedAt</c> and whether it names a <c>tenant</c> (SNAPSHOT.md has none: the hub adds it). Read in one pass with a
/// forward-only reader over every token, without building a DOM (JsonDocument cost a third of the ingest, bench ingest),
/// so that what is stored can always be read back: malformed JSON, a string whose escapes do not make text (a lone
/// surrogate such as <c>"\udc00"</c>: System.Text.Json throws InvalidOperationException on it, not JsonException, so one
/// such string would fail every export that reads it), one of the four names twice (readers disagree on which one counts),
/// and a <c>collectedAt</c> that is not a time are all refused.
/// </summary>
/// <param name="Key">The <c>key</c> when it is a string, else null.</param>
/// <param name="Tenant">The <c>tenant</c> the snapshot names (a string's value, or the kind of JSON it is), else null.</param>
public readonly record struct SnapshotHeader(string? Key, string Address, DateTimeOffset? CollectedAt, string? Tenant)
{
    public static SnapshotHeader Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <summary>
    /// The header, or throws <see cref="JsonException"/> for malformed JSON or a document that is not an object, and
    /// <see cref="SnapshotHeaderException"/> (a JsonException) for JSON the hub does not store.
    /// </summary>
    public static SnapshotHeader Read(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a snapshot is a JSON object");
        }

        string? key = null;
        string address = string.Empty;
        DateTimeOffset? collectedAt = null;
        string? tenant = null;
        var seen = Field.Other;
        var pending = Field.Other; // the top-level field whose value is the next token
        while (reader.Read())
        {
            var token = reader.TokenType;
            // Only escaped strings can fail to unescape (the text came from a .NET string: its UTF-8 is valid), and few
            // strings have escapes: the others cost nothing here.
            if (token is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
            {
                Unescapes(ref reader);
            }

            if (token == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
            {
                pending = reader.ValueTextEquals("key"u8) ? Field.Key
                    : reader.ValueTextEquals("address"u8) ? Field.Address
                    : reader.ValueTextEquals("collectedAt"u8) ? Field.CollectedAt
                    : reader.ValueTextEquals("tenant"u8) ? Field.Tenant
                    : Field.Other;
                if (pending != Field.Other && (seen & pending) != 0)
                {
                    throw new SnapshotHeaderException($"{Name(pending)} is twice in the snapshot");
                }

                seen |= pending;
                continue;
            }

            if (pending == Field.Other)
            {
                continue;
            }

            bool text = token == JsonTokenType.String;
            switch (pending)
            {
                case Field.Key:
                    key = text ? reader.GetString() : null;
                    break;
                case Field.Address when text:
                    address = reader.GetString()!;
                    break;
                case Field.CollectedAt when text:
                    collectedAt = reader.TryGetDateTimeOffset(out var at) ? at
                        : throw new SnapshotHeaderException($"collectedAt {UntrustedText.Shown(reader.GetString())} is not a date and time (RFC 3339)");
                    break;
                case Field.CollectedAt when token != JsonTokenType.Null:
                    throw new SnapshotHeaderException($"collectedAt is a JSON {token}, not a date and time (RFC 3339)");
                case Field.Tenant:
                    tenant = text ? reader.GetString() : token.ToString();
                    break;
            }

            pending = Field.Other;
        }

        return new SnapshotHeader(key, address, collectedAt, tenant);
    }

    /// <summary>Throws when the current string's escapes do not make text (a lone surrogate).</summary>
    private static void Unescapes(ref Utf8JsonReader reader)
    {
        try
        {
            reader.GetString();
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json's way of saying "invalid UTF-16": the only cause left for a string the reader accepted.
            throw new SnapshotHeaderException(
                $"a {(reader.TokenType == JsonTokenType.PropertyName ? "name" : "string")} at byte {reader.TokenStartIndex} has a \\u escape that is not text (a lone surrogate)");
        }
    }

    private static string Name(Field field) => field switch
    {
        Field.Key => "key",
        Field.Address => "address",
        Field.CollectedAt => "collectedAt",
        _ => "tenant",
    };

    [Flags]
    private enum Field
    {
        Other = 0,
        Key = 1,
        Address = 2,
        CollectedAt = 4,
        Tenant = 8,
    }
}
