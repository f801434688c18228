using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers.Standard;

/// <summary>What sysDescr still tells when the MIBs did not: HP's "SN:…", a firmware version, a model for bare agents.</summary>
internal static class SysDescrFacts
{
    public static void Read(string? descr, SnapshotBuilder b)
    {
        if (descr is null)
        {
            return;
        }

        // HP JetDirect: "HP ETHERNET MULTI-ENVIRONMENT,SN:VNCRC48198,FN:…" (librenms' jetdirect_m130nw walk).
        b.Serial = DeviceIdentity.BetterSerial(b.Serial, Between(descr, "SN:", ","));
        b.Firmware ??= Between(descr, "Firmware Ver.", " ") ?? Between(descr, "Firmware Ver.", ",") ?? Between(descr, " version ", " ");
        if (b.Model is null && b.Vendor is not null && descr.StartsWith(b.Vendor + " ", StringComparison.OrdinalIgnoreCase) && descr.Length <= 64 &&
            descr.IndexOfAny([';', ',', '/', ':']) < 0)
        {
            // A bare agent whose sysDescr is just "VENDOR MODEL" ("FUJIFILM Apeos C7580", fujifilmprinter walk).
            b.Model = descr;
        }
    }

    private static string? Between(string text, string start, string end)
    {
        int at = text.IndexOf(start, StringComparison.OrdinalIgnoreCase);
        if (at < 0)
        {
            return null;
        }

        at += start.Length;
        int stop = text.IndexOf(end, at, StringComparison.Ordinal);
        string value = (stop < 0 ? text[at..] : text[at..stop]).Trim().TrimEnd(',');
        return value.Length == 0 ? null : value;
    }
}
