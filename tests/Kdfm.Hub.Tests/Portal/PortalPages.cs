using Kdfm.Testing;
using Microsoft.Playwright;

namespace Kdfm.Hub.Tests.Portal;

/// <summary>What the browser tests do again and again: sign in, and keep a screenshot for the README.</summary>
public static class PortalPages
{
    /// <summary>The README's screenshots, made by these tests and committed: docs/portal in the repository.</summary>
    public static string ScreenshotFolder => Path.Combine(RepositoryPaths.Root, "docs", "portal");

    public static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("E-mail or user name").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
    }

    /// <summary>A screenshot of the whole page into docs/portal/NAME.png, for the README's Portal section.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
