using Kdfm.Collector.Host.Cli;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>CSV from scan and devices: printer values cannot become spreadsheet formulas, and every cell survives a round trip.</summary>
public class CsvTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("+SUM(1,2)", "\"'+SUM(1,2)\"")]
    [InlineData("-2+3", "'-2+3")]
    [InlineData("@cmd", "'@cmd")]
    [InlineData("\tcmd", "'\tcmd")]
    [InlineData("\rcmd", "\"'\rcmd\"")]
    [InlineData("Office\rFloor 2", "\"Office\rFloor 2\"")]
    [InlineData("Office\nFloor 2", "\"Office\nFloor 2\"")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("x;=cmd|'/c calc'!A0", "\"x;=cmd|'/c calc'!A0\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("ECOSYS M2040dn", "ECOSYS M2040dn")]
    [InlineData("A=B", "A=B")]
    [InlineData("", "")]
    public void A_text_cell_is_neutralised_and_quoted_where_needed(string value, string cell) => Assert.Equal(cell, CsvCell.Text(value));

    [Fact]
    public void A_number_stays_a_number() => Assert.Equal(("-2", "123456", ""), (CsvCell.Number(-2), CsvCell.Number(123456), CsvCell.Number(null)));

    [Fact]
    public void A_hostile_printer_gives_a_csv_line_whose_text_cells_are_inert()
    {
        var snapshot = new DeviceSnapshot
        {
            Address = "127.30.0.1", Key = "hp:=1+1", Vendor = "HP", Model = "=cmd|' /C calc'!A0", Serial = "+41", Firmware = "@SUM(A1)", Mac = "\t00:11", Status = "-idle",
            Counters = [new Counter("total", 1234, "impressions", "1.3.6.1.2.1.43.10.2.1.4.1.1")],
        };

        var lines = SnapshotList.Csv([snapshot]).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("address,key,vendor,model,serial,firmware,mac,status,total,sameIdentityAs", lines[0]);
        Assert.Equal("127.30.0.1,hp:=1+1,HP,'=cmd|' /C calc'!A0,'+41,'@SUM(A1),'\t00:11,'-idle,1234,", lines[1]);
    }
}
