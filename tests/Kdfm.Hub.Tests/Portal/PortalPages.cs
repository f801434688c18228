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

    /// <summary>
    /// Signs in and waits for the page that follows to be <paramref name="expected"/> (a glob); when it is not, the test
    /// fails saying where the browser is and what the page says (its heading and notices).
    /// </summary>
    public static async Task SignInToAsync(IPage page, string email, string password, string expected)
    {
        await SignInAsync(page, email, password);
        try
        {
            await page.WaitForURLAsync(expected, new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"after signing in as {email}: not {expected} but {page.Url}: {string.Join(" | ", await page.Locator("h1, .notice").AllInnerTextsAsync())}");
        }
    }

    /// <summary>A screenshot of the whole page into docs/portal/NAME.png, for the README's Portal section.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
