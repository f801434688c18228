using Kdfm.Hub.Mqtt;

namespace Kdfm.Hub.Tests;

public sealed class MqttPacketSizeGuardTests
{
    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));

    [Theory]
    [InlineData("C0 00", 2)] // PINGREQ
    [InlineData("E0 00", 2)] // DISCONNECT
    [InlineData("82 05 00 01 00 00 00", 7)] // SUBSCRIBE with a five-byte rest
    [InlineData("30 7F", 129)] // a 127-byte PUBLISH: one length byte
    [InlineData("30 80 01", 131)] // 128: two length bytes, least significant first (MQTT 5 §1.5.5)
    public void A_packet_under_the_limit_fits_and_its_size_is_counted_with_its_header(string header, long size)
    {
        var guard = new MqttPacketSizeGuard(1024);
        Assert.Equal(MqttPacketCheck.Fits, guard.Feed(Hex(header)));
        Assert.Equal(size, guard.LastPacketBytes);
    }

    [Fact]
    public void The_limit_is_the_whole_packet_exactly()
    {
        // 65,536 bytes in all: 1 type byte + 3 length bytes + 65,532 (0xFFFC = FC FF 03).
        Assert.Equal(MqttPacketCheck.Fits, new MqttPacketSizeGuard(65_536).Feed(Hex("30 FC FF 03")));
        var over = new MqttPacketSizeGuard(65_536);
        Assert.Equal(MqttPacketCheck.TooLarge, over.Feed(Hex("30 FD FF 03")));
        Assert.Equal(65_537, over.LastPacketBytes);
    }

    [Fact]
    public void The_largest_length_mqtt_can_say_is_refused_from_the_header_alone()
    {
        var guard = new MqttPacketSizeGuard(65_536);
        Assert.Equal(MqttPacketCheck.TooLarge, guard.Feed(Hex("10 FF FF FF 7F")));
        Assert.Equal(1 + 4 + 268_435_455L, guard.LastPacketBytes);
    }

    [Fact]
    public void A_fifth_length_byte_is_malformed() =>
        Assert.Equal(MqttPacketCheck.Malformed, new MqttPacketSizeGuard(int.MaxValue).Feed(Hex("30 80 80 80 80 01")));

    [Fact]
    public void Packet_boundaries_are_followed_across_reads_of_any_size()
    {
        // PINGREQ, a PUBLISH of 10 bytes, then a header announcing 2,000 bytes: the third is refused wherever the reads split.
        byte[] stream = [.. Hex("C0 00"), .. Hex("30 0A"), .. new byte[10], .. Hex("30 CD 0F")];
        for (int chunk = 1; chunk <= stream.Length; chunk++)
        {
            var guard = new MqttPacketSizeGuard(1024);
            var checks = stream.Chunk(chunk).Select(c => guard.Feed(c)).ToList();
            Assert.Equal((chunk, MqttPacketCheck.TooLarge), (chunk, checks[^1]));
            Assert.All(checks[..^1], c => Assert.Equal(MqttPacketCheck.Fits, c));
            Assert.Equal(1 + 2 + 1997L, guard.LastPacketBytes); // 0xCD 0x0F = 77 + 15 × 128
        }
    }

    [Fact]
    public void Body_bytes_are_never_read_as_headers()
    {
        // A PUBLISH whose body looks like a huge header: the guard skips it by its length.
        var guard = new MqttPacketSizeGuard(64);
        Assert.Equal(MqttPacketCheck.Fits, guard.Feed(Hex("30 05 10 FF FF FF 7F C0 00")));
        Assert.Equal(2, guard.LastPacketBytes); // the PINGREQ after it
    }
}
