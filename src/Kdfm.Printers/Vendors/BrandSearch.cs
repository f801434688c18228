namespace Kdfm.Printers.Vendors;

/// <summary>
/// Finds brand names in the texts a device tells about itself (an IEEE 1284 MFG field, its model name, sysDescr).
/// In one text the brand written first wins ("FUJI XEROX DocuPrint" is Fuji Xerox, not Xerox), then a maker's own
/// spelling over a rebadge, then the longer name.
/// </summary>
internal static class BrandSearch
{
    /// <summary>A brand found: the profile it belongs to and the vendor to show (the maker's name, or the rebadge as written in the list).</summary>
    public readonly record struct Found(VendorProfile Profile, string Vendor);

    /// <summary>The first text that names a brand of <paramref name="profiles"/>, searched in order.</summary>
    public static Found? In(IEnumerable<string?> texts, IReadOnlyList<VendorProfile> profiles)
    {
        foreach (var text in texts)
        {
            if (string.IsNullOrEmpty(text))
            {
                continue;
            }

            Found? best = null;
            var bestRank = (At: int.MaxValue, Rebadge: 0, Shorter: 0);
            foreach (var profile in profiles)
            {
                foreach (var (name, rebadge) in profile.Brands.Select(b => (b, 0)).Concat(profile.Rebadges.Select(r => (r, 1))))
                {
                    int at = WordAt(text, name);
                    var rank = (At: at, Rebadge: rebadge, Shorter: -name.Length);
                    if (at >= 0 && rank.CompareTo(bestRank) < 0)
                    {
                        bestRank = rank;
                        best = new Found(profile, rebadge == 0 ? profile.Name : name);
                    }
                }
            }

            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    /// <summary>Where <paramref name="word"/> stands in <paramref name="text"/> as a word of its own (any case), else -1.</summary>
    private static int WordAt(string text, string word)
    {
        for (int at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            int end = at + word.Length;
            if ((at == 0 || !char.IsLetter(text[at - 1])) && (end == text.Length || !char.IsLetter(text[end])))
            {
                return at;
            }
        }

        return -1;
    }
}
