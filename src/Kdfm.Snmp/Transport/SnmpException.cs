namespace Kdfm.Snmp.Transport;

/// <summary>Thrown only by <see cref="SnmpResult{T}.Value"/> when a caller asks for the value of a failure.</summary>
public sealed class SnmpException(SnmpError error) : Exception(error.Describe())
{
    public SnmpError Error { get; } = error;
}
