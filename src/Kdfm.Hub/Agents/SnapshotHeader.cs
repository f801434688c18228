using System.Text;
using System.Text.Json;

namespace Kdfm.Hub.Agents;

/// <summary>
/// What the hub checks and indexes of an uploaded snapshot: its top-level <c>key</c>, <c>address</c>,
/// <c>collectedAt</c> and whether it names a <c>tenant</c> (SNAPSHOT.md has none: the hub adds it). Read in one pass with a
/// forward-only reader, so malformed JSON is refused, without building a DOM (JsonDocument cost a third of the ingest,
/// bench ingest).
/// </summary>
/// <param name="Key">The <c>key</c> when it is a string, else null.</param>
/// <param name="Tenant">The <c>tenant</c> the snapshot names (a string's value, or the kind of JSON it is), else null.</param>
public readonly record struct SnapshotHeader(string? Key, string Address, DateTimeOffset? CollectedAt, string? Tenant)
{
    public static SnapshotHeader Read(string json) => Read(Encoding.UTF8.GetBytes(json));

    /// <summary>The header, or throws <see cref="JsonException"/> for malformed JSON or a document that is not an object.</summary>
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
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueTextEquals("key"u8) ? Field.Key
                    : reader.ValueTextEquals("address"u8) ? Field.Address
                    : reader.ValueTextEquals("collectedAt"u8) ? Field.CollectedAt
                    : reader.ValueTextEquals("tenant"u8) ? Field.Tenant
                    : Field.Other;
                reader.Read();
                bool text = reader.TokenType == JsonTokenType.String;
                switch (name)
                {
                    case Field.Key:
                        key = text ? reader.GetString() : null;
                        break;
                    case Field.Address when text:
                        address = reader.GetString()!;
                        break;
                    case Field.CollectedAt when text && reader.TryGetDateTimeOffset(out var at):
                        collectedAt = at;
                        break;
                    case Field.Tenant:
                        tenant = text ? reader.GetString() : reader.TokenType.ToString();
                        break;
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return new SnapshotHeader(key, address, collectedAt, tenant);
    }

    private enum Field
    {
        Other,
        Key,
        Address,
        CollectedAt,
        Tenant,
    }
}
