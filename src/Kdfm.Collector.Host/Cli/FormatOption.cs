using System.CommandLine;

namespace Kdfm.Collector.Host.Cli;

internal static class FormatOption
{
    public static Option<OutputFormat> Create() => new("-o", "--output")
    {
        Description = "text (as snmpwalk -On), snmprec (a recording kdfm-sim can replay) or json",
        DefaultValueFactory = _ => OutputFormat.Text,
        CustomParser = result => result.Tokens.Single().Value.ToLowerInvariant() switch
        {
            "text" => OutputFormat.Text,
            "snmprec" => OutputFormat.Snmprec,
            "json" => OutputFormat.Json,
            var other => Invalid(result, other),
        },
    };

    private static OutputFormat Invalid(System.CommandLine.Parsing.ArgumentResult result, string value)
    {
        result.AddError($"-o {value}: expected text, snmprec or json");
        return OutputFormat.Text;
    }
}
