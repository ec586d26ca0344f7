using System.Net;
using System.Text.Json;
using Orchestrator.Dashboard.Tests.Infrastructure;

namespace Orchestrator.Dashboard.Tests;

/// <summary>The JSON API: the pages' data, and malformed requests answered 400 with what to fix.</summary>
public sealed class DashboardApiTests
{
    [Fact]
    public async Task The_API_serves_the_pages_data_and_refuses_bad_input_with_a_message()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        await using var serve = await ServeProcess.StartAsync(dir);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        using var http = new HttpClient();

        using var status = JsonDocument.Parse(await http.GetStringAsync(serve.Url("/api/status")));
        var exch1 = status.RootElement.GetProperty("status").GetProperty("hierarchies")[0];
        Assert.Equal("exch1", exch1.GetProperty("name").GetString());
        Assert.Equal("node2", exch1.GetProperty("inServiceOn")[0].GetString());

        using var procedures = JsonDocument.Parse(await http.GetStringAsync(serve.Url("/api/procedures")));
        Assert.Equal("Completed", procedures.RootElement[0].GetProperty("state").GetString());

        using var procedure = JsonDocument.Parse(await http.GetStringAsync(serve.Url("/api/procedures/1")));
        Assert.Equal(26, procedure.RootElement.GetProperty("steps").GetArrayLength());
        Assert.Equal("Completed", procedure.RootElement.GetProperty("diagram").GetProperty("currentState").GetString());
        Assert.True(procedure.RootElement.GetProperty("audit").GetArrayLength() > 26);

        using var audit = JsonDocument.Parse(await http.GetStringAsync(serve.Url("/api/audit?hierarchy=exch1&limit=5")));
        Assert.Equal(5, audit.RootElement.GetProperty("rows").GetArrayLength());
        Assert.True(audit.RootElement.GetProperty("olderBefore").GetInt64() > 0);

        foreach (var (path, mentions) in new[]
                 {
                     ("/api/audit?limit=abc", "limit"),
                     ("/api/audit?limit=100000", "at most 1000"),
                     ("/api/audit?since=yesterday", "ISO-8601"),
                     ("/api/audit?after=1&before=5", "not both"),
                     ("/api/procedures/abc", "not a procedure number"),
                 })
        {
            using var bad = await http.GetAsync(serve.Url(path));
            var body = await bad.Content.ReadAsStringAsync();
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, $"GET {path}: {(int)bad.StatusCode} {body}");
            Assert.Contains(mentions, body, StringComparison.Ordinal);
        }

        using var missing = await http.GetAsync(serve.Url("/api/procedures/99"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var badPage = await http.GetAsync(serve.Url("/audit?procedure=-1"));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
        Assert.Contains("procedure=", await badPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failover_that_left_a_user_behind_is_shown_with_warnings_naming_the_user()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunAsync("world", "add-user", "bob", "--domain", "example.com", "--home", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-user-move", "bob")).ShouldExitWith(0);
        (await dir.RunAsync("world", "fail-node", "node1")).ShouldExitWith(0);
        (await dir.RunAsync("failover", "exch1", "--wait")).ShouldExitWith(1);
        await using var serve = await ServeProcess.StartAsync(dir);
        using var http = new HttpClient();

        using var procedure = JsonDocument.Parse(await http.GetStringAsync(serve.Url("/api/procedures/1")));
        Assert.Equal("CompletedWithWarnings", procedure.RootElement.GetProperty("diagram").GetProperty("currentState").GetString());
        var shortfalls = procedure.RootElement.GetProperty("procedure").GetProperty("shortfalls");
        Assert.Contains("bob", shortfalls[0].GetString(), StringComparison.Ordinal);

        var page = await http.GetStringAsync(serve.Url("/procedures/1"));
        Assert.Contains("badge warn\">CompletedWithWarnings", page, StringComparison.Ordinal);
        Assert.Contains("28523: 1 user(s) failed to move (bob)", page, StringComparison.Ordinal);
        var home = await http.GetStringAsync(serve.Url("/"));
        Assert.Contains("failed to move (bob)", home, StringComparison.Ordinal);
    }
}
