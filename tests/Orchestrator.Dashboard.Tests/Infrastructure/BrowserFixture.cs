using Microsoft.Playwright;

namespace Orchestrator.Dashboard.Tests.Infrastructure;

/// <summary>One headless Chromium for the browser tests (installed first if missing), and where their screenshots go.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("the browser is not started");

    /// <summary>TestResults/screenshots in the test project (the conventional place for test artifacts; ignored by git).</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(Samples.RepoRoot, "tests", "Orchestrator.Dashboard.Tests", "TestResults", "screenshots");

    public async Task InitializeAsync()
    {
        await Chromium.EnsureInstalledAsync();
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout(15_000); // a loaded CI machine runs several test projects at once
        Directory.CreateDirectory(ScreenshotFolder);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu"],
        });
    }

    /// <summary>A fresh page (its own context) at a desktop size.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 900 } });
        return await context.NewPageAsync();
    }

    /// <summary>Saves a full-page PNG as TestResults/screenshots/NAME.png (in the test project) and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Assert.True(new FileInfo(path).Length > 1000, $"the screenshot {path} is empty");
        return path;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
