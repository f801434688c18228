namespace Kdfm.Hub.Mqtt;

/// <summary>
/// Follows the packet boundaries of an MQTT byte stream (client to broker) from the fixed headers alone and says when a
/// packet would be bigger than the limit, as soon as its header arrives: the broker never waits for, nor buffers, the
/// body of a packet it would refuse. Pure: bytes in, a verdict out; one instance per connection.
/// </summary>
public sealed class MqttPacketSizeGuard(int maxPacketBytes)
{
    private enum Part
    {
        TypeAndFlags,
        RemainingLength,
        Body,
    }

    private Part _part = Part.TypeAndFlags;
    private int _lengthBytes;
    private long _remainingLength;
    private long _bodyLeft;

    public int MaxPacketBytes { get; } = maxPacketBytes;

    /// <summary>The size of the last packet whose header was complete (fixed header included), or of the refused one.</summary>
    public long LastPacketBytes { get; private set; }

    /// <summary>The state after <paramref name="bytes"/>, the next bytes of the stream. Once not <see cref="MqttPacketCheck.Fits"/>, the stream is done.</summary>
    public MqttPacketCheck Feed(ReadOnlySpan<byte> bytes)
    {
        int i = 0;
        while (i < bytes.Length)
        {
            switch (_part)
            {
                case Part.TypeAndFlags:
                    i++;
                    _part = Part.RemainingLength;
                    _lengthBytes = 0;
                    _remainingLength = 0;
                    break;
                case Part.RemainingLength:
                    // MQTT 5 §1.5.5 variable byte integer: 7 bits per byte, least significant first, high bit = more follows.
                    byte b = bytes[i++];
                    _remainingLength |= (long)(b & 0x7F) << (7 * _lengthBytes);
                    _lengthBytes++;
                    if ((b & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            return MqttPacketCheck.Malformed;
                        }

                        break;
                    }

                    // MQTT 5 §3.1.2.11.4 counts the whole packet: fixed header, variable header and payload.
                    LastPacketBytes = 1 + _lengthBytes + _remainingLength;
                    if (LastPacketBytes > MaxPacketBytes)
                    {
                        return MqttPacketCheck.TooLarge;
                    }

                    _bodyLeft = _remainingLength;
                    _part = _bodyLeft == 0 ? Part.TypeAndFlags : Part.Body;
                    break;
                default:
                    int take = (int)Math.Min(_bodyLeft, bytes.Length - i);
                    i += take;
                    _bodyLeft -= take;
                    if (_bodyLeft == 0)
                    {
                        _part = Part.TypeAndFlags;
                    }

                    break;
            }
        }

        return MqttPacketCheck.Fits;
    }
}
