using Orchestrator.Dashboard.Tests.Infrastructure;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Dashboard.Tests;

/// <summary>The procedure page, the audit page and the Hangfire Dashboard in headless Chromium, after two switchovers.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MovedClusterBrowserTests(BrowserFixture browser, MovedClusterFixture cluster, ITestOutputHelper output) : IClassFixture<MovedClusterFixture>
{
    /// <summary>Steps of a switchover exch1 node1 → node2 in two-node.yaml.</summary>
    private const int SwitchoverSteps = 26;

    [Fact]
    public async Task The_procedure_page_shows_the_steps_and_the_diagram_with_the_final_state_highlighted()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(cluster.Serve.Url("/procedures/1").ToString());

        await Expect(page.Locator("h1")).ToContainTextAsync("Procedure #1 · switchover exch1");
        await Expect(page.Locator("#procedure-state")).ToHaveAttributeAsync("data-state", "Completed");

        var steps = page.Locator("table#steps tbody tr");
        await Expect(steps).ToHaveCountAsync(SwitchoverSteps);
        await Expect(page.Locator("table#steps tbody tr.status-done")).ToHaveCountAsync(SwitchoverSteps);
        await Expect(steps.First).ToContainTextAsync("node2");
        await Expect(page.Locator("table#steps tbody tr[data-seq='26'] td.status")).ToHaveTextAsync("done");
        await Expect(page.Locator("table#steps tbody tr[data-seq='26'] time")).ToHaveCountAsync(2); // started and completed

        var diagram = page.Locator("#diagram svg.state-diagram");
        await Expect(diagram).ToBeVisibleAsync();
        await Expect(diagram).ToHaveAttributeAsync("data-current-state", "Completed");
        foreach (var state in new[] { "Preparing", "TakingOutOfService", "BringingInService", "WaitingForOperator", "Completed", "Cancelled" })
        {
            await Expect(diagram.Locator($"g.state[data-state='{state}']")).ToHaveCountAsync(1);
        }

        await Expect(diagram.Locator("g.state.current")).ToHaveCountAsync(1);
        await Expect(diagram.Locator("g.state.current")).ToHaveAttributeAsync("data-state", "Completed");
        await Expect(diagram.Locator("g.state.visited[data-state='TakingOutOfService']")).ToHaveCountAsync(1);
        await Expect(diagram.Locator("path.edge.taken[data-from='BringingInService'][data-to='Completed']")).ToHaveCountAsync(1);
        await Expect(diagram.Locator("path.edge.taken[data-to='Cancelled']")).ToHaveCountAsync(0);

        await Expect(page.Locator("table#audit tbody tr").First).ToContainTextAsync("Requested");
        await Expect(page.Locator("table#audit")).ToContainTextAsync("patch night");
        output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(page, "procedure")}");
    }

    [Fact]
    public async Task The_audit_page_filters_by_hierarchy()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(cluster.Serve.Url("/audit").ToString());
        var rows = page.Locator("table#audit tbody tr");
        await Expect(rows.First).ToBeVisibleAsync();
        var everyHierarchy = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.hierarchy)");
        Assert.Contains("exch1", everyHierarchy);
        Assert.Contains("exch2", everyHierarchy);

        await page.Locator("form.filters input[name='hierarchy']").FillAsync("exch2");
        await page.Locator("form.filters button[type='submit']").ClickAsync();
        await page.WaitForURLAsync("**/audit?hierarchy=exch2*");

        await Expect(page.Locator("form.filters input[name='hierarchy']")).ToHaveValueAsync("exch2");
        await Expect(rows.First).ToBeVisibleAsync();
        var filtered = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.hierarchy)");
        Assert.True(filtered.Length > SwitchoverSteps, $"expected the request and every step of exch2's switchover, got {filtered.Length} row(s)");
        Assert.All(filtered, h => Assert.Equal("exch2", h));
        await Expect(page.Locator("table#audit")).ToContainTextAsync("#2 switchover");
        await Expect(page.Locator("table#audit")).Not.ToContainTextAsync("#1 switchover");
        output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(page, "audit")}");

        // Paging: two rows per page, older then newer again.
        await page.GotoAsync(cluster.Serve.Url("/audit?hierarchy=exch2&limit=2").ToString());
        var newest = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.seq)");
        await page.Locator("nav.paging a.older").First.ClickAsync();
        var older = await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.seq)");
        Assert.Equal(2, older.Length);
        Assert.True(long.Parse(older[1], System.Globalization.CultureInfo.InvariantCulture) < long.Parse(newest[0], System.Globalization.CultureInfo.InvariantCulture),
            $"the older page ({string.Join(",", older)}) should come before the newest ({string.Join(",", newest)})");
        await page.Locator("nav.paging a.newer").First.ClickAsync();
        Assert.Equal(newest, await rows.EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.seq)"));
    }

    [Fact]
    public async Task The_Hangfire_Dashboard_loads()
    {
        var page = await browser.NewPageAsync();
        var response = await page.GotoAsync(cluster.Serve.Url("/hangfire").ToString());
        Assert.Equal(200, response?.Status);
        await Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("Hangfire"));
        await Expect(page.Locator("body")).ToContainTextAsync("Orchestrator · Hangfire jobs");
        await Expect(page.Locator("body")).ToContainTextAsync("Servers");
        output.WriteLine($"screenshot: {await BrowserFixture.ScreenshotAsync(page, "hangfire")}");
    }
}
