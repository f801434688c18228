namespace Kdfm.Printers.Snapshot;

/// <summary>
/// How much of a printer's answer a snapshot keeps. A broken or hostile agent can answer with 64 KB strings and
/// tables of thousands of rows; whatever it sends, a snapshot stays small. A cut table leaves a warning.
/// </summary>
public static class SnapshotLimits
{
    /// <summary>Identity strings, in characters: vendor, model, serial, firmware, sysDescr, sysName, sysLocation, sysContact.</summary>
    public const int IdentityChars = 1024;

    /// <summary>
    /// Strings inside tables, in characters: alert and supply descriptions, tray names, front-panel lines, counter names.
    /// RFC 3805 sizes these columns at 255 octets at most (prtAlertDescription, prtMarkerSuppliesDescription,
    /// prtConsoleDisplayBufferText; prtInputName 63); the longest in the recorded walks of ../shared/corpus is a 62-character
    /// supply description (librenms-jetdirect). 1,024 leaves room for vendor texts without letting one row weigh much.
    /// </summary>
    public const int TextChars = 1024;

    /// <summary>Rows kept per table: alerts, supplies, trays, counters, front-panel lines, warnings.</summary>
    public const int TableRows = 512;

    /// <summary>
    /// The whole snapshot, in bytes of compact JSON (<see cref="SnapshotJson.SerializeCompact"/>, UTF-8): the tables
    /// share what the identity leaves (<see cref="SnapshotBudget"/>). The largest snapshot of the corpus is about 33 KB.
    /// </summary>
    public const int SnapshotBytes = 256 * 1024;

    /// <summary>The first <paramref name="maxChars"/> characters, never splitting a surrogate pair.</summary>
    public static string? Cap(string? text, int maxChars)
    {
        if (text is null || text.Length <= maxChars)
        {
            return text;
        }

        int end = char.IsHighSurrogate(text[maxChars - 1]) ? maxChars - 1 : maxChars;
        return text[..end].TrimEnd();
    }
}
