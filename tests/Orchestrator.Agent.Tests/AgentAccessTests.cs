using Orchestrator.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orchestrator.Agent.Tests.Kinds;
using Orchestrator.Agent.Tests.Support;
using Orchestrator.Node.Agent;

namespace Orchestrator.Agent.Tests;

/// <summary>The bearer token on every route, where the agent may listen without one, one listener per path, HTTPS.</summary>
public sealed class AgentAccessTests : IDisposable
{
    private readonly ScratchDirectory _dir = new();

    [Theory]
    [InlineData(null)]
    [InlineData("wrong-token")]
    [InlineData("s3cret-agent-token-7f1")]
    public async Task EveryRoute_Is401_WithoutTheRightToken(string? token)
    {
        var kind = new RecordingKind();
        await using var agent = await TestAgent.StartAsync(_dir.Path, [kind]);
        using var client = TestAgent.ClientFor(new Uri(agent.Server.Urls[0]), token);

        using var health = await client.GetAsync(AgentRoutes.Health);
        using var ledger = await client.GetAsync(AgentRoutes.Ledger);
        using var action = await client.PostAsJsonAsync(AgentRoutes.Actions, TestAgent.Start("recording", "ip1", "7:2:1"));

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], new[] { health.StatusCode, ledger.StatusCode, action.StatusCode });
        Assert.Empty(kind.Calls);
        Assert.DoesNotContain(TestAgent.Token, await action.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_AnswersWithTheToken()
    {
        await using var agent = await TestAgent.StartAsync(_dir.Path, [new RecordingKind()]);

        var health = await agent.Client.GetFromJsonAsync<AgentHealth>(AgentRoutes.Health);

        Assert.Equal("node1", health!.Node);
    }

    [Fact]
    public async Task TwoLoopbackAddresses_EachAnswersHealth()
    {
        await using var agent = await TestAgent.StartAsync(_dir.Path, [new RecordingKind()], listen: ["127.0.0.1", "127.0.0.2"]);

        Assert.Equal(2, agent.Server.Urls.Count);
        foreach (var url in agent.Server.Urls)
        {
            using var client = TestAgent.ClientFor(new Uri(url), TestAgent.Token);
            var health = await client.GetFromJsonAsync<AgentHealth>(AgentRoutes.Health);
            Assert.Equal("node1", health!.Node);
        }

        Assert.Contains(agent.Server.Urls, u => u.Contains("127.0.0.2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task WithoutAToken_TheAgentRefusesANonLoopbackAddress_ButRunsOnLoopback()
    {
        var refused = await Assert.ThrowsAsync<AgentConfigurationException>(() =>
            TestAgent.StartAsync(_dir.Path, [new RecordingKind()], listen: ["127.0.0.1", "0.0.0.0"], token: null));
        await using var open = await TestAgent.StartAsync(_dir.Path, [new RecordingKind()], token: null);
        using var client = TestAgent.ClientFor(new Uri(open.Server.Urls[0]), token: null);

        Assert.Contains("0.0.0.0:0 without a token", refused.Message, StringComparison.Ordinal);
        Assert.Contains("chmod 600", refused.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(AgentRoutes.Health)).StatusCode);
    }

    [Fact]
    public async Task WithACertificate_TheAgentServesHttps()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=node1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(1));
        using var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pfx), password: null);
        await using var agent = await TestAgent.StartAsync(_dir.Path, [new RecordingKind()], certificate: certificate);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint };
        using var client = TestAgent.ClientFor(new Uri(agent.Server.Urls[0]), TestAgent.Token, handler);

        var health = await client.GetFromJsonAsync<AgentHealth>(AgentRoutes.Health);

        Assert.StartsWith("https://", agent.Server.Urls[0], StringComparison.Ordinal);
        Assert.Equal("node1", health!.Node);
    }

    public void Dispose() => _dir.Dispose();
}
