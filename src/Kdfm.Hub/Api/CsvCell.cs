using System.Globalization;
using System.Text.RegularExpressions;

namespace Kdfm.Hub.Api;

/// <summary>
/// One cell of the hub's CSV exports, and the rules that make printer text safe in a spreadsheet:
/// <list type="bullet">
/// <item>A text cell that begins with <c>= + - @</c>, TAB or CR is neutralised with a leading <c>'</c>: a spreadsheet
/// would otherwise run it as a formula (CSV injection; a printer's sysName is whatever anyone on its network set).</item>
/// <item>A number cell is written as it is, never neutralised: a supply level of -2 (RFC 3805: unknown) stays a number.
/// Only text the hub has checked to be a number (JSON number syntax, RFC 8259 §6) is a number cell; anything else is text.</item>
/// <item>A cell containing a comma, a quote, a CR or an LF (alone or together) is quoted, quotes doubled (RFC 4180 §2.6–2.7);
/// so is one containing a semicolon: where the list separator is ';' (German or French Excel), a spreadsheet splits
/// <c>x;=cmd|'/c calc'!A0</c> into two cells and runs the second, unless the whole is quoted.</item>
/// </list>
/// </summary>
public readonly partial record struct CsvCell(string Value, bool IsNumber)
{
    private static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];
    private static readonly char[] NeedQuotes = [',', ';', '"', '\r', '\n'];

    public static CsvCell Text(string? value) => new(value ?? string.Empty, false);

    public static CsvCell Number(long value) => new(value.ToString(CultureInfo.InvariantCulture), true);

    /// <summary>A number's text (e.g. a JSON number as it was sent); text that is not a number becomes a text cell.</summary>
    public static CsvCell Number(string text) => new(text, JsonNumber().IsMatch(text));

    /// <summary>The cell as it goes into the file.</summary>
    public override string ToString()
    {
        string value = !IsNumber && Value.Length > 0 && Array.IndexOf(FormulaStarts, Value[0]) >= 0 ? "'" + Value : Value;
        return value.IndexOfAny(NeedQuotes) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    // RFC 8259 §6: number = [ minus ] int [ frac ] [ exp ]
    [GeneratedRegex(@"\A-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
