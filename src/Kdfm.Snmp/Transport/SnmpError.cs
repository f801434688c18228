namespace Kdfm.Snmp.Transport;

/// <summary>
/// An expected protocol outcome that is not an answer: a value, not an exception. <see cref="Describe"/> is
/// one line that names the cause, as the CLI prints it.
/// </summary>
public abstract record SnmpError
{
    public abstract string Describe();
}
