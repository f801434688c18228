using Microsoft.Playwright;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>
/// One headless Chromium (Debian's, /usr/bin/chromium: no browser download) for the portal's browser tests; each test
/// opens its own context (cookies of its own). Flags: no sandbox (root in CI), no background networking (the machine's
/// network is closed: Chromium would try Google's hosts).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Path = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    /// <summary>A fresh context (its own cookies) on the hub's self-signed certificate, 1280×800, and a page in it.</summary>
    public async Task<IPage> PageAsync(TestHub hub)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            IgnoreHTTPSErrors = true, BaseURL = hub.Url.ToString(), ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
