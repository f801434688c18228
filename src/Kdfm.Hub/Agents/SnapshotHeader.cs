using System.Text;
using System.Text.Json;

namespace Kdfm.Hub.Agents;

/// <summary>
/// What the hub indexes of an uploaded snapshot: its address and collection time (top-level "address" and
/// "collectedAt"). Reads the whole document with a forward-only reader, so malformed JSON is refused, without building
/// a DOM (JsonDocument cost a third of the ingest, bench ingest).
/// </summary>
public static class SnapshotHeader
{
    /// <summary>The header, or throws <see cref="JsonException"/> for malformed JSON or a document that is not an object.</summary>
    public static (string Address, DateTimeOffset? CollectedAt) Read(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("a snapshot is a JSON object");
        }

        string address = string.Empty;
        DateTimeOffset? collectedAt = null;
        while (reader.Read())
        {
            if (reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isAddress = reader.ValueTextEquals("address"u8);
                bool isCollectedAt = !isAddress && reader.ValueTextEquals("collectedAt"u8);
                reader.Read();
                if (isAddress && reader.TokenType == JsonTokenType.String)
                {
                    address = reader.GetString()!;
                }
                else if (isCollectedAt && reader.TokenType == JsonTokenType.String && reader.TryGetDateTimeOffset(out var at))
                {
                    collectedAt = at;
                }
                else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    reader.Skip();
                }
            }
        }

        return (address, collectedAt);
    }
}
