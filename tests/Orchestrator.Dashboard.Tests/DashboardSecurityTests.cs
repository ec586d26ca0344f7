using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Orchestrator.Dashboard.Tests.Infrastructure;

namespace Orchestrator.Dashboard.Tests;

/// <summary>
/// The dashboard's security rule through the real `serve`: loopback by default; any other address only with
/// credentials (else serve refuses to start); with credentials, every page, the API and the Hangfire Dashboard need them.
/// </summary>
public sealed class DashboardSecurityTests
{
    private const string User = "operator";
    private const string Password = "correct horse battery staple";
    private static readonly string[] Protected = ["/", "/hangfire", "/api/status", "/audit", "/procedures/1", "/assets/dashboard.css"];

    [Fact]
    public async Task A_non_loopback_bind_without_credentials_refuses_to_start_saying_how_to_set_them()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);

        var refused = (await OrchestratorProcess.RunAsync(["--data-dir", dir.Path, "serve", "--listen", "0.0.0.0:0"], timeout: TimeSpan.FromSeconds(30))).ShouldExitWith(2);

        Assert.Contains("0.0.0.0:0", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("dashboard set-password USER", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("dashboard set-token", refused.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("serving", refused.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_password_anonymous_requests_get_401_and_signed_in_ones_200()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var set = (await dir.RunWithInputAsync(Password + "\n", "dashboard", "set-password", User)).ShouldExitWith(0);
        Assert.DoesNotContain(Password, set.StdOut + set.StdErr, StringComparison.Ordinal);
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);

        await using var serve = await ServeProcess.StartAsync(dir, "0.0.0.0:0");
        using var http = new HttpClient();
        foreach (var path in Protected)
        {
            using var anonymous = await http.GetAsync(serve.Url(path));
            Assert.True(anonymous.StatusCode == HttpStatusCode.Unauthorized, $"anonymous GET {path}: {(int)anonymous.StatusCode}");
            Assert.Contains(anonymous.Headers.WwwAuthenticate, h => h.Scheme == "Basic" && h.Parameter!.Contains("realm=\"orchestrator\"", StringComparison.Ordinal));

            using var wrong = await SendAsync(http, serve.Url(path), Basic(User, "not the password"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);

            using var signedIn = await SendAsync(http, serve.Url(path), Basic(User, Password));
            Assert.True(signedIn.StatusCode == HttpStatusCode.OK, $"signed-in GET {path}: {(int)signedIn.StatusCode} {await signedIn.Content.ReadAsStringAsync()}");
        }

        using var hangfireStats = await SendAsync(http, serve.Url("/hangfire/stats"), null, HttpMethod.Post);
        Assert.Equal(HttpStatusCode.Unauthorized, hangfireStats.StatusCode);

        var stopped = await serve.StopAsync();
        stopped.ShouldExitWith(0);
        SecretShouldAppearNowhere(dir, Password, stopped);
    }

    [Fact]
    public async Task With_a_token_a_bearer_request_gets_200_and_a_wrong_token_401()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        var created = (await dir.RunAsync("dashboard", "set-token")).ShouldExitWith(0);
        var token = created.StdOut.Split('\n', StringSplitOptions.TrimEntries)[1];
        Assert.True(token.Length >= 40, $"expected the token on the second line; {created}");
        var stored = await File.ReadAllTextAsync(Path.Combine(dir.Path, "dashboard.json"));
        Assert.DoesNotContain(token, stored, StringComparison.Ordinal);

        await using var serve = await ServeProcess.StartAsync(dir, "0.0.0.0:0");
        using var http = new HttpClient();
        foreach (var path in new[] { "/", "/hangfire", "/api/status" })
        {
            using var bearer = await SendAsync(http, serve.Url(path), new AuthenticationHeaderValue("Bearer", token));
            Assert.True(bearer.StatusCode == HttpStatusCode.OK, $"GET {path} with the token: {(int)bearer.StatusCode}");
            using var wrong = await SendAsync(http, serve.Url(path), new AuthenticationHeaderValue("Bearer", token[..^2] + "xx"));
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            using var anonymous = await http.GetAsync(serve.Url(path));
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        }

        var stopped = await serve.StopAsync();
        SecretShouldAppearNowhere(dir, token, stopped);
    }

    [Fact]
    public async Task On_loopback_without_credentials_the_dashboard_is_open_to_this_machine_only()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        await using var serve = await ServeProcess.StartAsync(dir);
        Assert.Equal("127.0.0.1", serve.Dashboard.Host);
        Assert.Contains("open to this machine only", serve.StdOut, StringComparison.Ordinal);

        using var http = new HttpClient();
        using var open = await http.GetAsync(serve.Url("/api/status"));
        Assert.Equal(HttpStatusCode.OK, open.StatusCode);

        // A web page elsewhere reaching it through a DNS name it controls (DNS rebinding) is refused.
        using var rebound = new HttpRequestMessage(HttpMethod.Get, serve.Url("/api/status"));
        rebound.Headers.Host = "attacker.example";
        using var refused = await http.SendAsync(rebound);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task When_the_port_is_taken_serve_warns_and_goes_on_serving_without_the_dashboard()
    {
        using var dir = new TempDataDir();
        await dir.ApplyAsync(Samples.TwoNode);
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        using var serve = dir.Start("serve", "--listen", $"127.0.0.1:{port}");
        Assert.True(await serve.WaitForOutputAsync("serving", ServeProcess.Startup), $"serve should go on without its dashboard: {serve.StdOutSoFar}\n{serve.StdErrSoFar}");
        (await dir.RunAsync("switchover", "exch1", "--to", "node2", "--wait")).ShouldExitWith(0);
        var stopped = (await serve.StopAsync(TimeSpan.FromSeconds(20))).ShouldExitWith(0);

        Assert.Contains("dashboard did not start", stopped.StdErr, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", stopped.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("dashboard at", stopped.StdOut, StringComparison.Ordinal);
    }

    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, Uri url, AuthenticationHeaderValue? authorization, HttpMethod? method = null)
    {
        using var request = new HttpRequestMessage(method ?? HttpMethod.Get, url);
        request.Headers.Authorization = authorization;
        return await http.SendAsync(request);
    }

    /// <summary>Not in serve's output, not in any file of the data directory (logs included).</summary>
    private static void SecretShouldAppearNowhere(TempDataDir dir, string secret, ProcessResult serve)
    {
        Assert.DoesNotContain(secret, serve.StdOut + serve.StdErr, StringComparison.Ordinal);
        var encoded = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{secret}"));
        foreach (var file in Directory.EnumerateFiles(dir.Path, "*", SearchOption.AllDirectories))
        {
            var bytes = File.ReadAllBytes(file);
            var text = Encoding.UTF8.GetString(bytes);
            Assert.False(text.Contains(secret, StringComparison.Ordinal) || text.Contains(encoded, StringComparison.Ordinal), $"{file} contains the secret");
        }
    }
}
