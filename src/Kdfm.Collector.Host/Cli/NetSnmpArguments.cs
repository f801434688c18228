namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// Accepts Net-SNMP's attached option values (<c>-v2c</c>, <c>-cpublic</c>, <c>-Cr50</c>) by splitting them into
/// the separate tokens the parser expects, so people's habits carry over.
/// </summary>
internal static class NetSnmpArguments
{
    private const string ValueLetters = "vculaAxXntro";

    public static string[] Normalize(IReadOnlyList<string> args)
    {
        var result = new List<string>(args.Count + 4);
        foreach (var arg in args)
        {
            if (arg.StartsWith("-Cr", StringComparison.Ordinal) && arg.Length > 3)
            {
                result.Add("-Cr");
                result.Add(arg[3..]);
            }
            else if (arg.Length > 2 && arg[0] == '-' && arg[1] != '-' && ValueLetters.Contains(arg[1]) && arg[..3] != "-Cr")
            {
                result.Add(arg[..2]);
                result.Add(arg[2..]);
            }
            else
            {
                result.Add(arg);
            }
        }

        return [.. result];
    }
}
