using Kdfm.Hub.Api;

namespace Kdfm.Hub.Tests;

/// <summary>The CSV rules, each trigger on its own (the export tests show them on real rows).</summary>
public sealed class CsvCellTests
{
    [Theory]
    [InlineData("=1+1", "'=1+1")]
    [InlineData("+1", "'+1")]
    [InlineData("-2", "'-2")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("=HYPERLINK(\"http://x/\",\"y\")", "\"'=HYPERLINK(\"\"http://x/\"\",\"\"y\"\")\"")]
    [InlineData("a=1", "a=1")]
    [InlineData(" =1", " =1")]
    [InlineData("", "")]
    [InlineData("KM-OFFICE-2", "KM-OFFICE-2")]
    public void A_text_cell_that_could_start_a_formula_is_neutralised(string text, string written) =>
        Assert.Equal(written, CsvCell.Text(text).ToString());

    [Theory]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("line\rbreak", "\"line\rbreak\"")]
    [InlineData("line\nbreak", "\"line\nbreak\"")]
    [InlineData("line\r\nbreak", "\"line\r\nbreak\"")]
    [InlineData("x;=cmd|'/c calc'!A0", "\"x;=cmd|'/c calc'!A0\"")] // Excel where the list separator is ';' would split it and run the second cell
    [InlineData("a;b", "\"a;b\"")]
    public void A_cell_with_a_separator_a_quote_or_a_line_break_is_quoted(string text, string written) =>
        Assert.Equal(written, CsvCell.Text(text).ToString());

    [Theory]
    [InlineData("-2")]
    [InlineData("-3")]
    [InlineData("0")]
    [InlineData("123456")]
    [InlineData("12.5")]
    [InlineData("-1.5e+3")]
    public void A_number_stays_a_number_even_when_negative(string number)
    {
        Assert.Equal(number, CsvCell.Number(number).ToString());
        Assert.True(CsvCell.Number(number).IsNumber);
    }

    [Theory]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("=1", "'=1")]
    [InlineData("+5", "'+5")]
    [InlineData("-", "'-")]
    [InlineData("1,5", "\"1,5\"")]
    [InlineData("-1)*cmd|' /C calc'!A0", "'-1)*cmd|' /C calc'!A0")]
    public void Text_passed_as_a_number_that_is_not_one_is_a_text_cell(string text, string written) =>
        Assert.Equal(written, CsvCell.Number(text).ToString());

    [Fact]
    public void Numbers_from_integers_are_numbers() => Assert.Equal(("-2", true), (CsvCell.Number(-2L).ToString(), CsvCell.Number(-2L).IsNumber));

    [Fact]
    public void A_table_has_a_header_and_crlf_line_ends() =>
        Assert.Equal("a,b\r\n'=x,-2\r\n", CsvTable.Write(["a", "b"], [[CsvCell.Text("=x"), CsvCell.Number(-2L)]]));
}
