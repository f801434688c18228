using Kdfm.Printers.Meters;
using Kdfm.Printers.Snapshot;

namespace Kdfm.Printers.Tests;

/// <summary>
/// Golden meters of every corpus walk that carries vendor counters (../shared/corpus, read at test time): each
/// vocabulary counter with its value and OID, and how many counters stay under the vendor's own names.
/// </summary>
public class CorpusMeterTests
{
    private static DeviceSnapshot Walk(string device) => CorpusMeterCensus.Snapshots().Single(s => s.Device == device).Snapshot;

    private static string[] Meters(DeviceSnapshot s) =>
        [.. s.Counters.Where(c => MeterNames.IsVocabulary(c.Name)).Select(c => $"{c.Name}={c.Value}@{c.Oid}")];

    private static int VendorCounters(DeviceSnapshot s) => s.Counters.Count(c => c.Name.StartsWith("vendor:", StringComparison.Ordinal));

    [Fact]
    public void Sharp_job_counter_rows_are_named_by_their_description_and_the_others_keep_their_index_label()
    {
        var s = Walk("librenms-sharp");
        const string T = "1.3.6.1.4.1.2385.1.1.19.2.1.3";
        Assert.Equal(
        [
            "total=121104@1.3.6.1.2.1.43.10.2.1.4.1.1", $"print.total=82214@{T}.1.4.60", $"print.mono=53631@{T}.1.4.61", $"print.color=28583@{T}.1.4.63",
            $"duplex=41020@{T}.1.4.75", $"copy.total=38804@{T}.4.4.60", $"copy.mono=37485@{T}.4.4.61", $"copy.color=1319@{T}.4.4.63",
            $"mono=91164@{T}.5.4.61", $"color=29940@{T}.5.4.63", $"scan.network=13534@{T}.7.4.50",
        ], Meters(s));
        Assert.Equal(18, VendorCounters(s));
        Assert.Contains(s.Counters, c => c.Name == "vendor:sharp.7.4.51" && c.Value == 6170); // "Black & White Scanner Count": its label before issue 14
        Assert.All(s.Counters, c => Assert.Null(c.Flags));
    }

    [Fact]
    public void Kyocera_keeps_its_function_counters_and_adds_mono_and_colour_as_derived_sums()
    {
        var s = Walk("printmaster-kyocera_cs4053");
        const string K = "1.3.6.1.4.1.1347.42.3.1";
        Assert.Equal(
        [
            "total=76498@1.3.6.1.2.1.43.10.2.1.4.1.1", "scan.total=230478@1.3.6.1.4.1.1347.46.10.1.1.5.3",
            $"print.total=40600@{K}.1.1.1.1", $"copy.total=32971@{K}.1.1.1.2", $"fax=2493@{K}.1.1.1.4",
            $"print.mono=14730@{K}.2.1.1.1.1", $"print.color=25870@{K}.2.1.1.1.3", $"copy.mono=19124@{K}.2.1.1.2.1", $"copy.color=13847@{K}.2.1.1.2.3",
            $"mono=36347@{K}.2.1.1.1.1+{K}.2.1.1.2.1+{K}.2.1.1.4.1", $"color=39717@{K}.2.1.1.1.3+{K}.2.1.1.2.3+{K}.2.1.1.4.3",
        ], Meters(s));
        var mono = s.Counters.Single(c => c.Name == "mono");
        Assert.Equal([$"{K}.2.1.1.1.1", $"{K}.2.1.1.2.1", $"{K}.2.1.1.4.1"], mono.DerivedFrom!.Value.ToArray());
        Assert.Null(s.Counters.Single(c => c.Name == "print.mono").DerivedFrom);
        // The 76064 pages of print, copy and fax the device counts itself are the derived mono and colour together.
        Assert.Equal(s.Counters.Single(c => c.Name == "vendor:total printed").Value, mono.Value + s.Counters.Single(c => c.Name == "color").Value);
        Assert.All(s.Counters, c => Assert.Null(c.Flags));
    }

    [Fact]
    public void Hp_pml_counters()
    {
        var s = Walk("librenms-jetdirect_m130nw");
        const string P = "1.3.6.1.4.1.11.2.3.9.4.2.1";
        Assert.Equal(["total=15232@1.3.6.1.2.1.43.10.2.1.4.1.1", $"mono=15232@{P}.4.1.2.6.0", $"duplex=0@{P}.4.1.2.22.0", $"scan.total=1190@{P}.2.2.1.74.0"], Meters(s));
        Assert.Equal(2, VendorCounters(s));
        Assert.All(s.Counters, c => Assert.Null(c.Flags));
    }

    [Fact]
    public void Brother_blob_words_give_way_to_the_printer_mibs_total()
    {
        const string Blob = "1.3.6.1.4.1.2435.2.3.9.4.2.1.5.5.10.0";
        var withStandard = Walk("brother-py-hl-l2340dw");
        Assert.Equal(["total=1279@1.3.6.1.2.1.43.10.2.1.4.1.1"], Meters(withStandard));
        Assert.Equal(986, withStandard.Counters.Single(c => c.Name == "vendor:brother.10.00").Value);
        var blobOnly = Walk("brother-py-dcp-l3550cdw");
        Assert.Equal([$"total=1611@{Blob}", $"color=902@{Blob}", $"mono=709@{Blob}", $"duplex=538@{Blob}"], Meters(blobOnly));
    }

    [Fact]
    public void Zebra_printed_length_stays_a_vendor_counter()
    {
        var s = Walk("librenms-zebra");
        Assert.Empty(Meters(s));
        Assert.Equal("vendor:printed length=1920", $"{s.Counters.Single().Name}={s.Counters.Single().Value}");
    }

    [Fact]
    public void No_corpus_walk_has_a_vocabulary_name_twice_or_an_untrusted_reading()
    {
        foreach (var (device, s) in CorpusMeterCensus.Snapshots())
        {
            var names = s.Counters.Select(c => c.Name).Where(MeterNames.IsVocabulary).ToList();
            Assert.True(names.Count == names.Distinct().Count(), $"{device}: {string.Join(", ", names)}");
            Assert.All(s.Counters, c => Assert.True(c.Flags is null, $"{device}: {c}"));
        }
    }
}
