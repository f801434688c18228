using System.Buffers.Binary;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Kdfm.Testing;

namespace Kdfm.Hub.Tests;

/// <summary>
/// A gRPC call made by hand over HTTP/2, for what a real client never sends: any spelling of the path, a compressed message,
/// and a body that is written up to a point and then held (<see cref="HeldBody"/>), so that an answer proves the hub gave it
/// before reading the body.
/// </summary>
internal static class RawGrpcCall
{
    /// <summary>A message with its gRPC prefix: the compressed flag and the 4-byte big-endian length.</summary>
    public static byte[] Frame(IMessage message, bool gzip = false)
    {
        byte[] bytes = message.ToByteArray();
        if (gzip)
        {
            using var compressed = new MemoryStream();
            using (var zip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                zip.Write(bytes);
            }

            bytes = compressed.ToArray();
        }

        return Prefix(bytes.Length, gzip).Concat(bytes).ToArray();
    }

    /// <summary>Only the prefix of a message of <paramref name="length"/> bytes.</summary>
    public static byte[] Prefix(long length, bool compressed = false)
    {
        byte[] prefix = new byte[5];
        prefix[0] = compressed ? (byte)1 : (byte)0;
        BinaryPrimitives.WriteUInt32BigEndian(prefix.AsSpan(1), (uint)length);
        return prefix;
    }

    /// <summary>
    /// POSTs <paramref name="body"/> to <paramref name="path"/> and returns the grpc-status and grpc-message. The answer
    /// is awaited at most <see cref="Eventually.DefaultDeadline"/>: a hub that waits for a held body never answers.
    /// </summary>
    public static async Task<(string? Status, string? Message)> SendAsync(TestHub hub, string path, HttpContent body, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var http = new HttpClient(TestHub.PinnedHandler(hub.Started.Fingerprint)) { BaseAddress = hub.Url };
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Version = HttpVersion.Version20, VersionPolicy = HttpVersionPolicy.RequestVersionExact, Content = body };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(Eventually.DefaultDeadline);
        if (response.Headers.TryGetValues("grpc-status", out var status))
        {
            return (status.Single(), response.Headers.TryGetValues("grpc-message", out var message) ? Uri.UnescapeDataString(message.Single()) : null);
        }

        await response.Content.ReadAsByteArrayAsync(); // the status is in the trailers then
        return (response.TrailingHeaders.TryGetValues("grpc-status", out var trailing) ? trailing.Single() : null,
            response.TrailingHeaders.TryGetValues("grpc-message", out var trailingMessage) ? Uri.UnescapeDataString(trailingMessage.Single()) : null);
    }

    public static Dictionary<string, string> Agent(string agentId, string credential) =>
        new() { ["x-kdfm-agent-id"] = agentId, ["x-kdfm-agent-credential"] = credential };

    public static ByteArrayContent Whole(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return content;
    }

    /// <summary>A request body that sends its first bytes and then waits until <see cref="Release"/>: it never ends by itself.</summary>
    public sealed class HeldBody : HttpContent
    {
        private readonly byte[] _first;
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public HeldBody(byte[] first)
        {
            _first = first;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        public void Release() => _released.TrySetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            await stream.WriteAsync(_first);
            await stream.FlushAsync();
            await _released.Task;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            Release();
            base.Dispose(disposing);
        }
    }
}
