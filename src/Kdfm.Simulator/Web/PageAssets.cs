namespace Kdfm.Simulator.Web;

/// <summary>The pages' static files (<c>Web/Assets</c>, embedded in kdfm-sim): the same bytes for every device.</summary>
internal static class PageAssets
{
    public static readonly (string Path, string ContentType, byte[] Content)[] All =
    [
        ("/css/style.css", "text/css; charset=utf-8", Read("style.css")),
        ("/js/app.js", "text/javascript; charset=utf-8", Read("app.js")),
        ("/img/logo.svg", "image/svg+xml", Read("logo.svg")),
    ];

    private static byte[] Read(string name)
    {
        using var stream = typeof(PageAssets).Assembly.GetManifestResourceStream("kdfm-sim/" + name)
            ?? throw new InvalidOperationException($"kdfm-sim was built without its web asset {name}");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
