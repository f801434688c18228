namespace Kdfm.Hub.Mqtt;

/// <summary>A client sent a packet the broker does not take (over the size limit, or a malformed length): its connection ends.</summary>
public sealed class MqttPacketRefusedException(MqttPacketCheck check, long packetBytes, int maxPacketBytes)
    : Exception(check == MqttPacketCheck.TooLarge
        ? $"an MQTT packet of {packetBytes} bytes, over the limit of {maxPacketBytes} (Hub:MqttMaxPacketKilobytes)"
        : "an MQTT remaining length of more than four bytes")
{
    public MqttPacketCheck Check { get; } = check;

    public long PacketBytes { get; } = packetBytes;
}
