namespace Kdfm.Snmp.Snmprec;

/// <summary>A line of a <c>.snmprec</c> file that could not be read, with where it is.</summary>
public sealed record SnmprecProblem(string Source, int Line, string Reason)
{
    public override string ToString() => $"{Source}:{Line}: {Reason}";
}
