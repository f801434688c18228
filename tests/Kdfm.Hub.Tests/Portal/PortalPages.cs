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
        // The requests still without an answer, named when the wait fails (a page at the right address that never
        // finishes loading has one).
        var pending = new System.Collections.Concurrent.ConcurrentDictionary<IRequest, string>();
        void Started(object? sender, IRequest r) => pending[r] = $"{r.Method} {r.Url}";
        void Ended(object? sender, IRequest r) => pending.TryRemove(r, out _);
        page.Request += Started;
        page.RequestFinished += Ended;
        page.RequestFailed += Ended;
        try
        {
            await SignInAsync(page, email, password);
            await page.WaitForURLAsync(expected, new() { Timeout = 60_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"after signing in as {email}: not {expected} but {page.Url}: {string.Join(" | ", await page.Locator("h1, .notice").AllInnerTextsAsync())}; "
                + $"requests unanswered: {(pending.IsEmpty ? "none" : string.Join(", ", pending.Values))}");
        }
        finally
        {
            page.Request -= Started;
            page.RequestFinished -= Ended;
            page.RequestFailed -= Ended;
        }
    }

    /// <summary>A screenshot of the whole page into docs/portal/NAME.png, for the README's Portal section.</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(ScreenshotFolder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotFolder, name + ".png"), FullPage = true });
    }
}
