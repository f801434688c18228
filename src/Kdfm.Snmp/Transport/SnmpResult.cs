namespace Kdfm.Snmp.Transport;

/// <summary>Either a value or an <see cref="SnmpError"/>.</summary>
public readonly struct SnmpResult<T>
{
    private readonly T? _value;

    private SnmpResult(T? value, SnmpError? error)
    {
        _value = value;
        Error = error;
    }

    public SnmpError? Error { get; }

    public bool IsSuccess => Error is null;

    public T Value => Error is null ? _value! : throw new SnmpException(Error);

    public static SnmpResult<T> Success(T value) => new(value, null);

    public static SnmpResult<T> Failure(SnmpError error) => new(default, error);

    public static implicit operator SnmpResult<T>(SnmpError error) => Failure(error);

    public override string ToString() => Error is null ? $"Success({_value})" : $"Failure({Error.Describe()})";
}
