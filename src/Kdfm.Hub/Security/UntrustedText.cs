using System.Text;

namespace Kdfm.Hub.Security;

/// <summary>
/// Text from outside (printer text in a device key, an MQTT user name or client id, an agent id from a header) as the hub
/// logs and shows it: quoted, shortened, control characters escaped, so that it cannot forge log lines or reach a terminal
/// as escape sequences. The one place for it: refusal reasons, log lines and answers all use it.
/// </summary>
public static class UntrustedText
{
    public static string Shown(string? text, int max = 64)
    {
        if (text is null)
        {
            return "(none)";
        }

        var shown = new StringBuilder("'");
        foreach (char c in text.Length > max ? text[..max] : text)
        {
            // Controls (C0, DEL, C1), and the line and paragraph separators some log viewers break lines on.
            shown.Append(char.IsControl(c) || c is '\u2028' or '\u2029' ? $"\\u{(int)c:x4}" : c.ToString());
        }

        return shown.Append(text.Length > max ? "…'" : "'").ToString();
    }

    /// <summary>The same escaping without the quotes, for a field stored on its own (the audit log's).</summary>
    public static string Clean(string? text, int max)
    {
        string shown = Shown(text ?? string.Empty, max);
        return shown[1..^1];
    }
}
