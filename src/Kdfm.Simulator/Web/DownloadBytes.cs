using System.Buffers.Binary;

namespace Kdfm.Simulator.Web;

/// <summary>
/// The body of <c>/download?mb=N</c>, for measuring a tunnel's throughput: N MiB of deterministic bytes that do not
/// compress (a compressing hop would otherwise flatter the figure). One 64 KiB block, repeated: the SplitMix64
/// sequence from seed 0, each output little-endian — byte k of any download is <c>Block[k % 65536]</c>.
/// </summary>
internal static class DownloadBytes
{
    public const int MaxMebibytes = 1024;

    public const int BlockBytes = 64 * 1024;

    public static ReadOnlyMemory<byte> Block { get; } = MakeBlock();

    public static async Task WriteAsync(Stream body, int mebibytes, CancellationToken cancellationToken)
    {
        for (long i = 0, blocks = (long)mebibytes * (1024 * 1024 / BlockBytes); i < blocks; i++)
        {
            await body.WriteAsync(Block, cancellationToken).ConfigureAwait(false);
        }
    }

    private static byte[] MakeBlock()
    {
        var block = new byte[BlockBytes];
        ulong state = 0;
        for (int at = 0; at < block.Length; at += sizeof(ulong))
        {
            // SplitMix64 (Steele, Lea, Flood, "Fast splittable pseudorandom number generators", 2014).
            state = unchecked(state + 0x9E3779B97F4A7C15UL);
            ulong z = state;
            z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
            z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
            BinaryPrimitives.WriteUInt64LittleEndian(block.AsSpan(at), z ^ (z >> 31));
        }

        return block;
    }
}
