using Kdfm.Collector.Host.Cli;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Collector.Host.Tests.Cli;

/// <summary>What a printer says is shown on a terminal as text, never as control sequences.</summary>
public class TerminalTextTests
{
    [Fact]
    public void Escape_sequences_from_a_printer_never_reach_the_terminal()
    {
        var snapshot = new DeviceSnapshot { Address = "127.30.0.1", Key = "hp:X\u001b]0;owned\u0007", Vendor = "HP", Model = "\u001b[31mRED\r", SysName = "a\u009bb" };

        string table = SnapshotList.Table([snapshot]) + SnapshotTable.Render(snapshot);

        Assert.DoesNotContain(table, c => char.IsControl(c) && c != '\n');
        Assert.Contains("\\x1B[31mRED\\x0D", table, StringComparison.Ordinal);
    }
}
