using System.Text;

namespace Kdfm.Hub.Api;

/// <summary>A CSV answer (RFC 4180: CRLF line ends, a header line), its cells written by <see cref="CsvCell"/>'s rules.</summary>
public static class CsvTable
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string Write(IEnumerable<string> header, IEnumerable<IEnumerable<CsvCell>> rows)
    {
        var csv = new StringBuilder();
        foreach (var row in rows.Prepend(header.Select(CsvCell.Text)))
        {
            csv.Append(Line(row));
        }

        return csv.ToString();
    }

    /// <summary>One line, with its CRLF.</summary>
    public static string Line(IEnumerable<CsvCell> row) => string.Join(',', row) + "\r\n";

    public static IResult Result(IEnumerable<string> header, IEnumerable<IEnumerable<CsvCell>> rows) => Results.Text(Write(header, rows), ContentType);

    public static bool Wanted(HttpContext http) => http.Request.Headers.Accept.ToString().Contains("text/csv", StringComparison.OrdinalIgnoreCase);
}
