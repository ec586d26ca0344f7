using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Orchestrator.Dashboard.Tests;

/// <summary>
/// Issue 15, "The web surface", through the real `serve`: wrong passwords past the per-client limit are answered 429
/// with Retry-After (without paying the slow password hash), while a signed-in dashboard goes on being served; a
/// signed-in POST to the Hangfire Dashboard's stats without a form body is a 4xx, not a 500 with a warning per request.
/// </summary>
public sealed class DashboardAuthLimitTests
{
    private const string User = "operator";
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task Wrong_passwords_past_the_limit_get_429_with_Retry_After_and_a_signed_in_dashboard_is_still_served()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunWithInputAsync(Password + "\n", "dashboard", "set-password", User)).ShouldExitWith(0);
        await using var serve = await ServeProcess.StartAsync(dir);
        using var http = new HttpClient();
        using (var signedIn = await SendAsync(http, serve.Url("/api/status"), Basic(User, Password)))
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        }

        var statuses = new List<HttpStatusCode>();
        TimeSpan? retryAfter = null;
        for (var i = 0; i < 24; i++)
        {
            using var wrong = await SendAsync(http, serve.Url("/api/status"), Basic(User, $"guess {i}"));
            statuses.Add(wrong.StatusCode);
            retryAfter ??= wrong.StatusCode == HttpStatusCode.TooManyRequests ? wrong.Headers.RetryAfter?.Delta : null;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        var firstLimited = statuses.IndexOf(HttpStatusCode.TooManyRequests);
        Assert.True(firstLimited is >= 3 and <= 20, $"the limit should apply after a few attempts: {string.Join(", ", statuses.Select(s => (int)s))}");
        Assert.All(statuses.Skip(firstLimited), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
        Assert.True(retryAfter is { } delay && delay > TimeSpan.Zero, $"429 needs a Retry-After in seconds, got {retryAfter}");

        // The signed-in credential was verified before the flood: it is served without another hash, limit or not.
        using var still = await SendAsync(http, serve.Url("/api/status"), Basic(User, Password));
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
        (await serve.StopAsync()).ShouldExitWith(0);
    }

    [Fact]
    public async Task A_signed_in_POST_to_hangfire_stats_without_a_content_type_gets_a_4xx_and_no_warning_in_the_log()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        (await dir.RunWithInputAsync(Password + "\n", "dashboard", "set-password", User)).ShouldExitWith(0);
        await using var serve = await ServeProcess.StartAsync(dir);
        using var http = new HttpClient();

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var stats = await SendAsync(http, serve.Url("/hangfire/stats"), Basic(User, Password), HttpMethod.Post);
            statuses.Add((int)stats.StatusCode);
        }

        using var form = new HttpRequestMessage(HttpMethod.Post, serve.Url("/hangfire/stats"))
        {
            Content = new FormUrlEncodedContent([new("metrics[]", "enqueued:count")]),
        };
        form.Headers.Authorization = Basic(User, Password);
        using var withForm = await http.SendAsync(form);

        var stopped = (await serve.StopAsync()).ShouldExitWith(0);
        Assert.All(statuses, s => Assert.True(s is >= 400 and < 500, $"POST /hangfire/stats without a body: {s}"));
        Assert.Equal(HttpStatusCode.OK, withForm.StatusCode); // the dashboard's own polling still works
        var logs = string.Join("\n", Directory.GetFiles(Path.Combine(dir.Path, "logs"), "*.log").Select(File.ReadAllText));
        Assert.DoesNotContain("/hangfire/stats", logs, StringComparison.Ordinal);
        Assert.DoesNotContain("/hangfire/stats", stopped.StdOut + stopped.StdErr, StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, AuthenticationHeaderValue? authorization, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return await http.SendAsync(request);
    }
}
