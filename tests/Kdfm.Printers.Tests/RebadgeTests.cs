using Kdfm.Printers.Snapshot;
using Kdfm.Snmp;
using Kdfm.Snmp.Snmprec;
using Kdfm.Testing;

namespace Kdfm.Printers.Tests;

/// <summary>
/// The vendor is the brand on the box, the engine the maker whose MIB the device implements (its sysObjectID's
/// enterprise): a UTAX is vendor UTAX on a Kyocera engine, and its key starts with "utax:".
/// </summary>
public class RebadgeTests
{
    private static readonly SnapshotContext Context = new("127.20.0.9", new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero));

    /// <summary>The corpus walks whose brand is not their sysObjectID's maker (index.json brand against the enterprise), and controls that are.</summary>
    [Theory]
    [InlineData("librenms-developprinter", "Develop", "Konica Minolta")]   // sysDescr "Develop ineo  280", 18334
    [InlineData("librenms-konica", "Develop", "Konica Minolta")]           // KM sysDescr, but the model variable says "Develop ineo+ 280"
    [InlineData("librenms-gestetner", "Gestetner", "Ricoh")]               // 367
    [InlineData("librenms-nrg", "NRG", "Ricoh")]
    [InlineData("librenms-savin_c4503", "Savin", "Ricoh")]
    [InlineData("librenms-xerox_apeosport", "Fuji Xerox", "Fujifilm")]     // 297
    [InlineData("librenms-xerox_docuprint", "Fuji Xerox", "Fujifilm")]
    [InlineData("librenms-konica_2", "Konica Minolta", "Konica Minolta")]
    [InlineData("librenms-ricoh_mpc3002", "Ricoh", "Ricoh")]
    [InlineData("printmaster-kyocera_cs4053", "Kyocera", "Kyocera")]      // MFG:Kyocera in its own device ID
    [InlineData("librenms-fujifilmprinter_c7580", "Fujifilm", "Fujifilm")]
    [InlineData("librenms-dell-laser_s5830dn", "Dell", "Dell")]            // a Lexmark engine, but its sysObjectID is Dell's own (674)
    [InlineData("librenms-jetdirect_1", "Kyocera", "Kyocera")]            // "HP ETHERNET … JETDIRECT EX" names the print server, not the box
    public void Corpus_walks_give_the_brand_on_the_box_and_the_engines_maker(string walk, string vendor, string engine)
    {
        var rows = SnmprecFormat.ReadFile(Path.Combine(RepositoryPaths.CorpusWalks, walk + ".snmprec")).Rows;
        var s = PrinterInterpreter.Interpret(rows, Context);
        Assert.Equal((vendor, engine), (s.Vendor, s.Engine));
        if (s.Serial is { } serial)
        {
            Assert.Equal($"{vendor.ToLowerInvariant().Replace(' ', '-')}:{serial}", s.Key);
        }
    }

    private static VarBind SysObjectId(string oid) => new(Oid.Parse("1.3.6.1.2.1.1.2.0"), SnmpValue.ObjectIdentifier(Oid.Parse(oid)));

    private static VarBind Text(string oid, string text) => new(Oid.Parse(oid), SnmpValue.OctetString(text));

    private const string SysDescr = "1.3.6.1.2.1.1.1.0";
    private const string HrDeviceDescr = "1.3.6.1.2.1.25.3.2.1.3.1";
    private const string PwgDeviceId = "1.3.6.1.4.1.2699.1.2.1.2.1.1.3.1";

    /// <summary>Common pairs the corpus does not hold, in each of the texts a brand is read from.</summary>
    [Theory]
    [InlineData("1.3.6.1.4.1.641.1.5.7", HrDeviceDescr, "Dell B2360dn Laser Printer", "Dell", "Lexmark")]
    [InlineData("1.3.6.1.4.1.641.1.5.7", SysDescr, "IBM Infoprint 1532 version 55.10.19 kernel 2.6.18", "IBM", "Lexmark")]
    [InlineData("1.3.6.1.4.1.297.1.11.93.1.35.34.7.1", SysDescr, "Xerox DocuCentre-V C2263 ; ESS1.0.217", "Xerox", "Fujifilm")]
    [InlineData("1.3.6.1.4.1.297.1.11.93.1.35.34.7.1", HrDeviceDescr, "Dell C1760nw Color Printer", "Dell", "Fujifilm")]
    [InlineData("1.3.6.1.4.1.1347.41", PwgDeviceId, "MFG:UTAX;CMD:PCLXL,PJL;MDL:3005ci;CLS:PRINTER;", "UTAX", "Kyocera")]
    [InlineData("1.3.6.1.4.1.1347.41", HrDeviceDescr, "TA Triumph-Adler 3005ci", "TA Triumph-Adler", "Kyocera")]
    [InlineData("1.3.6.1.4.1.1347.41", HrDeviceDescr, "Olivetti d-COPIA 3013MF", "Olivetti", "Kyocera")]
    [InlineData("1.3.6.1.4.1.1347.41", HrDeviceDescr, "Copystar CS 3010i", "Copystar", "Kyocera")]
    [InlineData("1.3.6.1.4.1.367.1.1", SysDescr, "LANIER MP C3003 1.10 / LANIER Network Printer C model", "Lanier", "Ricoh")]
    [InlineData("1.3.6.1.4.1.367.1.1", SysDescr, "NASHUATEC MP 2501SP 1.02 / NASHUATEC Network Printer C model", "Nashuatec", "Ricoh")]
    [InlineData("1.3.6.1.4.1.367.1.1", SysDescr, "REX-ROTARY MP 2014 1.00 / REX-ROTARY Network Printer", "Rex-Rotary", "Ricoh")]
    [InlineData("1.3.6.1.4.1.367.1.1", SysDescr, "infotec MP C2011 1.01 / infotec Network Printer C model", "Infotec", "Ricoh")]
    [InlineData("1.3.6.1.4.1.2385.3.1.112.1.2", HrDeviceDescr, "TOSHIBA e-STUDIO2000AC", "Toshiba", "Sharp")]
    [InlineData("1.3.6.1.4.1.2385.3.1.112.1.2", SysDescr, "Muratec MFX-C2590", "Muratec", "Sharp")]
    [InlineData("1.3.6.1.4.1.18334.1.1.1.2.1.117.2.2", HrDeviceDescr, "Olivetti d-Color MF3301", "Olivetti", "Konica Minolta")]
    [InlineData("1.3.6.1.4.1.1347.41", SysDescr, "KYOCERA Document Solutions Printing System", "Kyocera", "Kyocera")]
    public void Common_rebadges_name_the_brand_and_keep_the_engine(string sysObjectId, string where, string text, string vendor, string engine)
    {
        var s = PrinterInterpreter.Interpret(
            [SysObjectId(sysObjectId), Text(where, text), Text("1.3.6.1.2.1.43.5.1.1.17.1", "VCF9192281")], Context);
        Assert.Equal((vendor, engine), (s.Vendor, s.Engine));
        Assert.Equal($"{vendor.ToLowerInvariant().Replace(' ', '-')}:VCF9192281", s.Key);
    }

    [Fact]
    public void The_ieee_1284_manufacturer_wins_over_the_engine_makers_sysdescr()
    {
        // Every Kyocera-engine device answers the same sysDescr; the device ID names the brand.
        var s = PrinterInterpreter.Interpret(
        [
            SysObjectId("1.3.6.1.4.1.1347.41"), Text(SysDescr, "KYOCERA Document Solutions Printing System"),
            Text(PwgDeviceId, "MFG:TA Triumph-Adler;MDL:3005ci;"),
        ], Context);
        Assert.Equal(("TA Triumph-Adler", "Kyocera", "3005ci"), (s.Vendor, s.Engine, s.Model));
    }

    [Fact]
    public void A_brand_of_another_engine_maker_does_not_rebadge()
    {
        // Only the brands sold on this maker's engines rebadge it: "HP" on a Kyocera engine is a driver's name.
        var s = PrinterInterpreter.Interpret([SysObjectId("1.3.6.1.4.1.1347.41"), Text(HrDeviceDescr, "HP Universal Printing PCL 6")], Context);
        Assert.Equal(("Kyocera", "Kyocera"), (s.Vendor, s.Engine));
    }

    [Fact]
    public void Without_a_sysobjectid_a_rebadge_still_tells_its_engine()
    {
        var s = PrinterInterpreter.Interpret([Text(SysDescr, "Develop ineo 280")], Context);
        Assert.Equal(("Develop", "Konica Minolta"), (s.Vendor, s.Engine));
        Assert.Null(PrinterInterpreter.Interpret([Text(SysDescr, "a printer")], Context).Engine);
    }

    [Fact]
    public void The_engine_is_in_the_json()
    {
        var s = PrinterInterpreter.Interpret([SysObjectId("1.3.6.1.4.1.641.1.5.7"), Text(HrDeviceDescr, "Dell B2360dn Laser Printer")], Context);
        var json = SnapshotJson.Serialize(s);
        Assert.Contains("\"vendor\": \"Dell\",\n  \"engine\": \"Lexmark\",", json.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }
}
