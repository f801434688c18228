namespace Kdfm.Hub.Mqtt;

/// <summary>What <see cref="MqttPacketSizeGuard"/> says of the bytes seen so far.</summary>
public enum MqttPacketCheck
{
    /// <summary>Every packet announced so far fits under the limit.</summary>
    Fits,

    /// <summary>A fixed header announced a packet bigger than the limit.</summary>
    TooLarge,

    /// <summary>A remaining length of more than four bytes (MQTT 3.1.1 §2.2.3, MQTT 5 §1.5.5).</summary>
    Malformed,
}
