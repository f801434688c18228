namespace Kdfm.Hub.Portal.Accounts;

/// <summary>What an administrative action gave: its value, or why it was refused (a sentence for the person who asked).</summary>
public sealed record AdminResult<T>(T? Value, string? Problem)
{
    public bool Succeeded => Problem is null;

    public static AdminResult<T> Done(T value) => new(value, null);

    public static AdminResult<T> Refused(string problem) => new(default, problem);
}
