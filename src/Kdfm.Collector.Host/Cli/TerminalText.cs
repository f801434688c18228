using System.Text;

namespace Kdfm.Collector.Host.Cli;

/// <summary>
/// Text for a terminal: what a printer says is set by whoever configures it, and an escape sequence in a sysName or a
/// serial must not move the cursor, recolour or retitle the technician's terminal. Control characters but line feeds
/// become visible escapes (<c>\x1B</c>).
/// </summary>
internal static class TerminalText
{
    public static string Printable(string text)
    {
        if (!text.Any(c => char.IsControl(c) && c != '\n'))
        {
            return text;
        }

        var shown = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            if (char.IsControl(c) && c != '\n')
            {
                shown.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{(int)c:X2}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }
}
