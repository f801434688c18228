namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// One CSV cell (RFC 4180) that a spreadsheet opens as the text it is. Printer values are set by whoever configures the
/// printer: a sysName of <c>=HYPERLINK(…)</c> must not become a formula on the technician's machine, so a text cell that
/// starts with = + - @, a tab or a carriage return is prefixed with an apostrophe (OWASP's advice on CSV injection). A
/// cell with a comma, a quote, a line feed or a carriage return (a lone CR too) is quoted, and so is one with a semicolon:
/// where the spreadsheet's list separator is ';' (German, French, Dutch locales) it would split the cell and start a new
/// one, which could be a formula. Numbers are written as numbers.
/// </summary>
internal static class CsvCell
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    private static readonly char[] NeedQuotes = [',', ';', '"', '\n', '\r'];

    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        string cell = Array.IndexOf(FormulaStarts, value[0]) >= 0 ? "'" + value : value;
        return cell.IndexOfAny(NeedQuotes) >= 0 ? "\"" + cell.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : cell;
    }

    public static string Number(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
}
