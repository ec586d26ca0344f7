using Orchestrator.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Dashboard.Tests;

/// <summary>The status page in headless Chromium, while `serve` moves a hierarchy.</summary>
[Collection(BrowserCollection.Name)]
public sealed class StatusPageBrowserTests(BrowserFixture browser, ITestOutputHelper output)
{
    [Fact]
    public async Task The_status_page_shows_a_hierarchy_moving_after_a_switchover()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        await using var serve = await ServeProcess.StartAsync(dir);
        var still = await browser.NewPageAsync(); // refresh=0: screenshots never race the page's own reload
        var live = await browser.NewPageAsync();

        await still.GotoAsync(serve.Url("/?refresh=0").ToString());
        await Expect(still).ToHaveTitleAsync("Status of exchange-two-node · Orchestrator");
        await Expect(still.Locator("tr[data-hierarchy='exch1'] td.in-service")).ToHaveTextAsync("node1");
        await Expect(still.Locator("#active-procedures")).ToContainTextAsync("None");
        output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(still, "status-before-switchover")}");

        await live.GotoAsync(serve.Dashboard.ToString());
        var liveInService = live.Locator("tr[data-hierarchy='exch1'] td.in-service");
        await Expect(liveInService).ToHaveTextAsync("node1");

        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);

        // The open page follows by itself (it reloads every few seconds) ...
        await Expect(liveInService).ToHaveTextAsync("node2");

        // ... and so does a reload of the still one.
        await still.ReloadAsync();
        await Expect(still.Locator("tr[data-hierarchy='exch1'] td.in-service")).ToHaveTextAsync("node2");
        await Expect(still.Locator("tr[data-hierarchy='exch1'] td.placed-on")).ToHaveTextAsync("node2");
        var latest = still.Locator("#recent-procedures tr[data-procedure='1']");
        await Expect(latest).ToContainTextAsync("switchover");
        await Expect(latest).ToContainTextAsync("Completed");
        await Expect(latest).ToContainTextAsync("26/26");
        await Expect(still.Locator("#recent-procedures a[href='/procedures/1']")).ToBeVisibleAsync();
        output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(still, "status")}");
    }
}
