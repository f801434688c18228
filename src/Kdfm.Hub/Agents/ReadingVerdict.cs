namespace Kdfm.Hub.Agents;

/// <summary>What the hub makes of one uploaded reading on its own: to be stored, or refused for good.</summary>
public abstract record ReadingVerdict
{
    private ReadingVerdict()
    {
    }

    /// <param name="Bytes">The snapshot's size in UTF-8, counted against the agent's quota once stored.</param>
    public sealed record Accepted(string Address, DateTimeOffset CollectedAt, int Bytes) : ReadingVerdict;

    /// <param name="Code">One of <c>Kdfm.Agent.RefusalCodes</c>.</param>
    /// <param name="Reason">For people: what was wrong, naming the field (printer text in it is shortened and escaped).</param>
    public sealed record Refused(string Code, string Reason) : ReadingVerdict;
}
